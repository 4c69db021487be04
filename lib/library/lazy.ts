/**
 * An in-memory index the background builds on first use and keeps until reset: concurrent
 * callers share one load, and a reset during a load is not undone by that load finishing.
 */
export class Lazy<T> {
  private value?: T;
  private loading?: Promise<T>;
  private generation = 0;

  constructor(private readonly load: () => Promise<T>) {}

  ready(): Promise<T> {
    if (this.value) return Promise.resolve(this.value);
    if (!this.loading) {
      const generation = this.generation;
      this.loading = this.load().then((v) => {
        if (generation === this.generation) this.value = v;
        return v;
      });
    }
    return this.loading;
  }

  /** The loaded value, if any; writes update it in place, an unloaded index loads fresh later. */
  get current(): T | undefined {
    return this.value;
  }

  reset() {
    this.generation++;
    this.value = undefined;
    this.loading = undefined;
  }
}

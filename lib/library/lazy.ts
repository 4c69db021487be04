/**
 * An in-memory index the background builds on first use and keeps until reset: concurrent
 * callers share one load, a reset during a load is not undone by that load finishing, and a
 * change reported during a load is applied once it finishes (what the load read may predate it).
 */
export class Lazy<T> {
  private value?: T;
  private loading?: Promise<T>;
  private generation = 0;
  private queued: Array<(value: T) => void> = [];

  constructor(private readonly load: () => Promise<T>) {}

  ready(): Promise<T> {
    if (this.value) return Promise.resolve(this.value);
    if (!this.loading) {
      const generation = this.generation;
      this.loading = this.load().then((v) => {
        if (generation === this.generation) {
          this.value = v;
          // Applying a change the load already saw is harmless: every change sets, not adds.
          for (const apply of this.queued.splice(0)) apply(v);
        }
        return v;
      });
    }
    return this.loading;
  }

  /** The loaded value, if any. */
  get current(): T | undefined {
    return this.value;
  }

  /**
   * Applies a committed change to the loaded value, or after the load in progress; with nothing
   * loaded or loading there is nothing to do (a later load reads the change from the database).
   */
  update(apply: (value: T) => void) {
    if (this.value) apply(this.value);
    else if (this.loading) this.queued.push(apply);
  }

  reset() {
    this.generation++;
    this.value = undefined;
    this.loading = undefined;
    this.queued = [];
  }
}

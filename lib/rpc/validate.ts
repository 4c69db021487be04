/**
 * Small validators for messages that cross into the background. Each returns the value typed
 * or throws a ValidationError naming the path that is wrong; nothing is coerced.
 */
export class ValidationError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'ValidationError';
  }
}

export type Validator<T> = (value: unknown, path: string) => T;

export const str =
  (max: number, { min = 0, pattern }: { min?: number; pattern?: RegExp } = {}): Validator<string> =>
  (v, path) => {
    if (typeof v !== 'string') throw new ValidationError(path, 'expected a string');
    if (v.length < min) throw new ValidationError(path, `must be at least ${min} characters`);
    if (v.length > max) throw new ValidationError(path, `must be at most ${max} characters`);
    if (pattern && !pattern.test(v)) throw new ValidationError(path, 'has an unexpected format');
    return v;
  };

export const int =
  (min: number, max: number): Validator<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ValidationError(path, `expected an integer from ${min} to ${max}`);
    }
    return v;
  };

export const bool: Validator<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new ValidationError(path, 'expected true or false');
  return v;
};

export const arrayOf =
  <T>(item: Validator<T>, max: number): Validator<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw new ValidationError(path, 'expected an array');
    if (v.length > max) throw new ValidationError(path, `must have at most ${max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

export const oneOf =
  <T extends string>(values: readonly T[]): Validator<T> =>
  (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new ValidationError(path, `must be one of ${values.join(', ')}`);
    }
    return v as T;
  };

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

type Shape = Record<string, Validator<unknown>>;
type Optional<T> = Validator<T | undefined> & { optional: true };
type OutOf<S extends Shape> = {
  [K in keyof S as S[K] extends { optional: true } ? never : K]: ReturnType<S[K]>;
} & {
  [K in keyof S as S[K] extends { optional: true } ? K : never]?: Exclude<ReturnType<S[K]>, undefined>;
};

export const optional = <T>(inner: Validator<T>): Optional<T> =>
  Object.assign((v: unknown, path: string) => (v === undefined ? undefined : inner(v, path)), {
    optional: true as const,
  });

/** A plain object with exactly these keys (unknown keys are rejected, not dropped). */
export const object =
  <S extends Shape>(shape: S): Validator<OutOf<S>> =>
  (v, path) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ValidationError(path, 'expected an object');
    const input = v as Record<string, unknown>;
    // Own keys only: `key in shape` would take `toString`, `constructor` and `__proto__` (all
    // on Object.prototype) for known keys, and reading an absent key would reach the prototype.
    for (const key of Object.keys(input)) {
      if (!hasOwn(shape, key)) throw new ValidationError(`${path}.${key}`, 'is not allowed');
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check(hasOwn(input, key) ? input[key] : undefined, `${path}.${key}`);
      if (value !== undefined) out[key] = value;
    }
    return out as OutOf<S>;
  };

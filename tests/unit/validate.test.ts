import { describe, expect, test } from 'vitest';
import { paperMeta } from '../../lib/rpc/protocol';
import { object, optional, str } from '../../lib/rpc/validate';

describe('object(): unknown keys are own keys of the input, checked against own keys of the shape', () => {
  const shape = object({ title: str(100), note: optional(str(100)) });

  test.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'])('%s (a key of Object.prototype) is not allowed', (key) => {
    // JSON.parse makes `__proto__` an own key, as a message or a file would carry it.
    const input = JSON.parse(`{"title": "T", ${JSON.stringify(key)}: {"polluted": 1}}`);
    expect(() => shape(input, 'args')).toThrow(`args.${key}: is not allowed`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the result is a new plain object with only the shape\u2019s keys', () => {
    const input = { title: 'T' };
    const out = shape(input, 'args');
    expect(out).toEqual({ title: 'T' });
    expect(out).not.toBe(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  test('a value the input only inherits is not read', () => {
    const input = Object.create({ title: 'inherited', note: 'inherited' }) as object;
    expect(() => shape(input, 'args')).toThrow('args.title: expected a string');
    expect(shape(Object.assign(Object.create({ note: 'inherited' }) as object, { title: 'T' }), 'args')).toEqual({ title: 'T' });
  });

  test('nested objects in a paper: a prototype key in ids or links is refused', () => {
    const base = { id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'T', authors: [], links: {}, source: 'x' };
    expect(() => paperMeta(JSON.parse(JSON.stringify(base).replace('"ids":{', '"ids":{"__proto__":{"polluted":1},')), 'paper')).toThrow(
      'paper.ids.__proto__: is not allowed',
    );
    expect(() => paperMeta({ ...base, links: { constructor: 'https://example.org' } }, 'paper')).toThrow('paper.links.constructor: is not allowed');
    expect(paperMeta(base, 'paper')).toEqual(base);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('venue ids in page papers (#15)', () => {
  test('a venue id must be in normal form and match the canonical id', () => {
    const base = { title: 'T', authors: [], links: {}, source: 's' };
    expect(() => paperMeta({ ...base, id: 'pmlr:v139/radford21a', ids: { pmlr: 'v139/radford21a' } }, 'p')).not.toThrow();
    expect(() => paperMeta({ ...base, id: 'pmcid:pmc1', ids: { pmcid: 'pmc1' } }, 'p')).toThrow(/pmcid/);
    expect(() => paperMeta({ ...base, id: 'url:x.org/a', ids: { scholar: '123456', url: 'x.org/a' } }, 'p')).toThrow(/strongest/);
    expect(() => paperMeta({ ...base, id: 'cvf:x', ids: { cvf: 'x y_2020_paper' } }, 'p')).toThrow(/cvf/);
  });
});

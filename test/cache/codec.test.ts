// The cache's compact encoding gives back exactly what it was given (keys, their order, undefined
// values, bigints, objects without a prototype, an own __proto__ key), and refuses what it cannot hold.
import { describe, expect, it } from 'vitest';
import { decodePlain, encodePlain, NotPlainData } from '../../src/analyze/image-cache/codec.js';

describe('image cache codec', () => {
  it('round-trips plain data, bigints and undefined values', () => {
    const value = {
      name: undefined,
      list: [1, 'two', null, true, undefined, -0.5, { a: 1 }, { a: 2 }, { b: [] }],
      address: { family: 6, value: (1n << 127n) + 5n, text: '8000::5' },
      nested: { deep: { deeper: [[[]]] } },
    };
    const back = decodePlain(encodePlain(value)) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.keys(back)).toEqual(['name', 'list', 'address', 'nested']);
    expect('name' in back).toBe(true);
    expect(typeof back.address.value).toBe('bigint');
  });

  it('keeps objects without a prototype bare and an own __proto__ key a key', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.x = 1;
    const withProtoKey = JSON.parse('{"__proto__": {"polluted": true}, "y": 2}') as Record<string, unknown>;
    const back = decodePlain(encodePlain({ bare, withProtoKey })) as { bare: Record<string, unknown>; withProtoKey: Record<string, unknown> };
    expect(Object.getPrototypeOf(back.bare)).toBeNull();
    expect(back.bare.x).toBe(1);
    expect(Object.getPrototypeOf(back.withProtoKey)).toBe(Object.prototype);
    expect(Object.keys(back.withProtoKey)).toEqual(['__proto__', 'y']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a Map, a Set, a class instance, a function and non-finite numbers', () => {
    for (const v of [new Map(), new Set(), new Date(0), () => 1, Number.NaN, Infinity]) {
      expect(() => encodePlain({ v }), String(v)).toThrow(NotPlainData);
    }
  });

  it('decoding text it did not write throws', () => {
    expect(() => decodePlain('{"value":[9,1]}')).toThrow();
    expect(() => decodePlain('{"shapes":[["a"]],"bare":[],"value":[3,1,2]}')).toThrow(/shape/);
  });
});

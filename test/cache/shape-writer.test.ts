// The byte writer of the cache's encoding puts down exactly the UTF-8 of JSON.stringify(encode(v)) with
// the same shape table: a miss's entry is written without trees or strings, and read back by the
// decoder that reads the tree encoder's text.
import { describe, expect, it } from 'vitest';
import { NotPlainData, ShapeEncoder } from '../../src/analyze/image-cache/codec.js';
import { ShapeWriter } from '../../src/analyze/image-cache/shape-writer.js';
import { random } from '../helpers/random.js';

// Characters a JSON string escapes or UTF-8 widens: quote, backslash, controls, DEL, Latin-1, BMP, a pair, lone surrogates.
const ALPHABET = ['a', 'Z', '0', ' ', '-', '/', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '漢', '😀', '\ud800', '\udc00'];
const KEYS = ['id', 'name', 'cidr', 'rules', 'tags', '__proto__', 'a"b', 'ü'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
      return Array.from({ length: Math.floor(next() * 12) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    case 1: {
      const numbers = [0, -0, 1, 9, 10, 99, 2 ** 31 - 1, 2 ** 31, 2 ** 53, -1, -(2 ** 31), 0.5, -1.25e-7, 1e21, 123456789.125, Number.MAX_VALUE, Number.MIN_VALUE];
      return next() < 0.5 ? numbers[Math.floor(next() * numbers.length)] : Math.floor(next() * 100000);
    }
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return BigInt(Math.floor(next() * 1e9)) * (next() < 0.3 ? -(1n << 100n) : 1n);
    case 6:
    case 7: {
      const o: Record<string, unknown> = next() < 0.15 ? Object.create(null) : {};
      for (const k of KEYS) if (next() < 0.4) Object.defineProperty(o, k, { value: randomValue(next, depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
    default: {
      const a: unknown[] = Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth + 1));
      if (next() < 0.1) a.length += 2; // holes
      return a;
    }
  }
}

describe('image cache shape writer', () => {
  it('writes the bytes of JSON.stringify(encode(v)) for random values, with the same shape table', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const values = Array.from({ length: 30 }, () => randomValue(next, 0));
      const encoder = new ShapeEncoder();
      const expected = values.map((v) => Buffer.from(JSON.stringify(encoder.encode(v)), 'utf8'));
      const table = new ShapeEncoder();
      const writer = new ShapeWriter(table, 16);
      const ends: number[] = [];
      for (const v of values) {
        writer.value(v);
        ends.push(writer.length);
      }
      expect(Buffer.from(writer.bytes()).equals(Buffer.concat(expected)), `seed ${seed}`).toBe(true);
      expect(ends).toEqual(expected.map((_, i) => expected.slice(0, i + 1).reduce((n, b) => n + b.length, 0)));
      expect([table.shapes, table.bare]).toEqual([encoder.shapes, encoder.bare]);
    }
  });

  it('writes an array of strings as JSON.stringify does', () => {
    const names = ['Vpc000', 'a "quoted" \\ name', 'tab\there', 'ünï', '😀', '\ud800'];
    const writer = new ShapeWriter(new ShapeEncoder(), 1);
    writer.strings(names);
    expect(Buffer.from(writer.bytes()).toString('utf8')).toBe(JSON.stringify(names));
  });

  it('refuses what the tree encoder refuses', () => {
    for (const v of [new Map(), new Set(), new Date(0), () => 1, Number.NaN, -Infinity, Symbol('s')]) {
      expect(() => new ShapeWriter(new ShapeEncoder()).value({ a: [v] }), String(typeof v)).toThrow(NotPlainData);
    }
  });
});

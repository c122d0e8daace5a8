// Deterministic physical ids (src/model/ids.ts): 64-bit FNV-1a over UTF-8, computed without BigInt.
// Checked against the published FNV-1a test vectors and a straightforward BigInt implementation.
import { describe, expect, it } from 'vitest';
import { fnv1a64Hex, physicalId } from '../../src/model/ids.js';

/** The textbook definition: for each UTF-8 byte, xor then multiply by the 64-bit FNV prime. */
function referenceFnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64Hex', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes: 2-, 3- and 4-byte characters and lone surrogates (as U+FFFD) agree with TextEncoder', () => {
    for (const text of ['é', 'Zürich-Vpc', '日本のVPC', '😀', 'a\ud800b', '\udc00', 'x\ud83d', '\u07ff\u0800\uffff']) {
      expect(fnv1a64Hex(text)).toBe(referenceFnv1a64(text));
    }
  });

  it('agrees with the BigInt definition on many generated strings', () => {
    // A fixed linear congruential sequence: the same strings every run.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const len = next(40);
      for (let j = 0; j < len; j++) text += String.fromCharCode(next(4) === 0 ? next(0x10000) : next(128));
      expect(fnv1a64Hex(text)).toBe(referenceFnv1a64(text));
    }
  });
});

describe('physicalId', () => {
  it('is prefix-0 plus the hash of scope, prefix and logical id', () => {
    expect(physicalId('vpc', 'AppVpc', 'vpcsim')).toBe(`vpc-0${referenceFnv1a64('vpcsim\u0000vpc\u0000AppVpc')}`);
    expect(physicalId('subnet', 'A')).toMatch(/^subnet-0[0-9a-f]{16}$/);
    expect(physicalId('subnet', 'A', 's1')).not.toBe(physicalId('subnet', 'A', 's2'));
  });

  it('agrees with the BigInt definition on generated scopes, prefixes and logical ids, ASCII or not', () => {
    let seed = 777;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = () => {
      let text = '';
      const len = next(12);
      // One word in eight has a non-ASCII character (the UTF-8 path), the rest are ASCII (the inline path).
      const wide = next(8) === 0;
      for (let j = 0; j < len; j++) text += String.fromCharCode(wide && next(3) === 0 ? 0x80 + next(0xff00) : 0x20 + next(0x5f));
      return text;
    };
    for (let i = 0; i < 1000; i++) {
      const [scope, prefix, logicalId] = [word(), word(), word()];
      expect(physicalId(prefix, logicalId, scope)).toBe(`${prefix}-0${referenceFnv1a64(`${scope}\u0000${prefix}\u0000${logicalId}`)}`);
    }
  });
});

describe('physicalId with repeated scopes and prefixes', () => {
  it('agrees with the BigInt definition when ids of a few kinds and two scopes interleave (its per-kind state is reused)', () => {
    let seed = 4242;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const prefixes = ['i', 'eni', 'subnet', 'sg', 'é'];
    const scopes = ['vpcsim', 'stack-2', 'Zürich'];
    for (let i = 0; i < 3000; i++) {
      // Long runs of one scope (the usual import), switching now and then.
      const scope = scopes[Math.floor(i / 500) % scopes.length]!;
      const prefix = prefixes[next(prefixes.length)]!;
      let logicalId = '';
      const len = 1 + next(20);
      for (let j = 0; j < len; j++) logicalId += String.fromCharCode(next(10) === 0 ? 0x80 + next(0x700) : 0x20 + next(0x5f));
      expect(physicalId(prefix, logicalId, scope)).toBe(`${prefix}-0${referenceFnv1a64(`${scope}\u0000${prefix}\u0000${logicalId}`)}`);
    }
  });
});

describe('physicalId on long and unusual logical ids', () => {
  it('agrees with the BigInt definition around the length past which ids are hashed another way, and on lone surrogates', () => {
    const ids: string[] = [];
    for (const n of [0, 1, 79, 80, 81, 200]) ids.push('y'.repeat(n), 'é'.repeat(n), '\u{1F600}'.repeat(Math.ceil(n / 2)));
    ids.push('a\uD800b', 'z\uDC00', '\uD83D');
    for (const prefix of ['i', 'eni', 'subnet', 'tgw-attach']) {
      for (const logicalId of ids) expect(physicalId(prefix, logicalId, 'vpcsim')).toBe(`${prefix}-0${referenceFnv1a64(`vpcsim\u0000${prefix}\u0000${logicalId}`)}`);
    }
  });
});

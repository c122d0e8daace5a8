// The public IPv4 pool (src/model/public-ips.ts) against the CHOICE as docs/semantics.md states it
// ("Public IPv4 pool", test/helpers/public-ip-pool.ts): FNV-1a of the owner id's UTF-8 bytes picks the
// address in 3.0.0.0/8; .0, .255 and taken addresses move on. ASCII ids (hashed without encoding) and
// non-ASCII ids, reserved addresses and many owners (collisions probe onwards).
import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/model/ip.js';
import { fnv1a32, PublicIpPool } from '../../src/model/public-ips.js';
import { random } from '../helpers/flowlog-records.js';
import { DocumentedPublicIpPool } from '../helpers/public-ip-pool.js';

const ALPHABET = ['a', 'z', '0', '9', '-', '/', '.', 'é', 'ß', '日', '😀', '\ud800', 'Ω'];

function randomId(next: () => number, asciiOnly: boolean): string {
  const n = 1 + Math.floor(next() * 30);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * (asciiOnly ? 7 : ALPHABET.length))];
  return s;
}

describe('PublicIpPool', () => {
  it('hands out the documented addresses for ASCII and non-ASCII owner ids, around reserved ones', () => {
    const next = random(16);
    const reserved = ['3.0.0.1', '3.200.17.4'];
    const pool = new PublicIpPool();
    for (const r of reserved) pool.reserve(parseAddress(r));
    const documented = new DocumentedPublicIpPool(reserved);
    const got: string[] = [];
    const want: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const id = randomId(next, i % 2 === 0);
      got.push(`${id} ${pool.allocate(id).text}`);
      want.push(`${id} ${documented.next(id)}`);
    }
    expect(got).toEqual(want);
  });

  it('probes on when owners hash to the same address, and a reserved address is never handed out', () => {
    const pool = new PublicIpPool();
    const documented = new DocumentedPublicIpPool();
    // The same id asked for again is a collision with its own first address.
    const got = Array.from({ length: 300 }, () => pool.allocate('eni-0').text);
    const want = Array.from({ length: 300 }, () => documented.next('eni-0'));
    expect(got).toEqual(want);
    expect(new Set(got).size).toBe(300);
  });

  it('fnv1a32 hashes UTF-8 bytes: the published 32-bit FNV-1a vectors', () => {
    // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

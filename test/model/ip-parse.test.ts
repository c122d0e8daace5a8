// IPv4 text is parsed without ip-num (src/model/ip.ts, for speed on big templates); it must accept
// and refuse exactly what ip-num's validator does, and give the same value.
import { IPv4, Validator } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { AddressParseError, makePrefix, parseAddress, parsePrefix } from '../../src/model/ip.js';

function ours(text: string): bigint | 'refused' {
  try {
    const a = parseAddress(text);
    expect(a.family).toBe(4);
    return a.value;
  } catch (err) {
    if (err instanceof AddressParseError) return 'refused';
    throw err;
  }
}

function ipNum(text: string): bigint | 'refused' {
  const [ok] = Validator.isValidIPv4String(text);
  return ok ? new IPv4(text).getValue() : 'refused';
}

describe('IPv4 parsing agrees with ip-num', () => {
  it.each([
    '0.0.0.0', '10.0.0.1', '255.255.255.255', '192.168.1.254', '1.2.3.4',
    '256.0.0.1', '1.2.3.256', '999.1.1.1', '010.0.0.1', '00.0.0.0', '1.2.3.04', '001.002.003.004',
    '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.-4', '+1.2.3.4', '1.2.3.4 ', ' 1.2.3.4',
    '1.2.3.4x', 'a.b.c.d', '1,2,3,4', '1.2.3.4/32', '１.2.3.4', '1.2.3.٤', '4294967295', '0x7f.0.0.1',
    '1.2.3.4\n', '1000.1.1.1', '1.2.3.2550', '0.0.0.00', '9.9.9.9', '199.299.1.1', '1.2.3.4..', '1e2.0.0.1',
  ])('%s', (text) => {
    expect(ours(text)).toBe(ipNum(text));
  });

  it('on generated dotted strings', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const octet = () => [String(next(300)), `0${next(10)}`, '', String(next(10))][next(4)]!;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 3 + next(3) }, octet).join('.');
      expect(ours(text)).toBe(ipNum(text));
    }
  });

  it('on generated strings of digits, dots and a few other characters', () => {
    let seed = 99;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = '0123456789....0123456789 -x/';
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const len = 1 + next(18);
      for (let j = 0; j < len; j++) text += alphabet[next(alphabet.length)];
      expect(ours(text)).toBe(ipNum(text));
    }
  });

  it('canonical text and prefixes are unchanged', () => {
    expect(parseAddress('10.1.2.3')).toEqual({ family: 4, value: 0x0a010203n, text: '10.1.2.3' });
    expect(parsePrefix('10.0.0.0/16')).toEqual({ family: 4, addr: 0x0a000000n, len: 16, text: '10.0.0.0/16' });
    expect(() => parsePrefix('10.0.0.1/16')).toThrow(/host bits set in 10\.0\.0\.1\/16 \(network address is 10\.0\.0\.0\/16\)/);
  });
});

describe('IPv6 prefixes the model makes without parsing (no ip-num at module load)', () => {
  it('2000::/3 (ADDR-15) and ::/0 equal the parsed texts', async () => {
    const { GLOBAL_UNICAST_IPV6 } = await import('../../src/model/address-classes.js');
    expect(GLOBAL_UNICAST_IPV6).toEqual(parsePrefix('2000::/3'));
    expect(makePrefix(6, 0n, 0)).toEqual(parsePrefix('::/0'));
  });
});

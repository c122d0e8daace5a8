// Model addresses (bigint) as engine words: IPv4 in W0, IPv6 in W0..W3 most significant first.
import type { Address, Prefix } from '../model/ip.js';
import { PrefixField } from '../../abi/image.js';
import type { RecordTable } from './records.js';

const MASK32 = 0xffffffffn;

/** The four i32 words of an address value (IPv4: value, 0, 0, 0). */
export function addressWords(family: 4 | 6, value: bigint): [number, number, number, number] {
  if (family === 4) return [Number(value) | 0, 0, 0, 0];
  return [
    Number((value >> 96n) & MASK32) | 0,
    Number((value >> 64n) & MASK32) | 0,
    Number((value >> 32n) & MASK32) | 0,
    Number(value & MASK32) | 0,
  ];
}

/** Writes a prefix (family, len, words) at `field` of `record`; an absent prefix is family 0. */
export function setPrefix(table: RecordTable, record: number, field: number, prefix: Prefix | undefined): void {
  if (!prefix) {
    for (let i = 0; i < PrefixField.Stride; i++) table.set(record, field + i, 0);
    return;
  }
  table.set(record, field + PrefixField.Family, prefix.family);
  table.set(record, field + PrefixField.Len, prefix.len);
  if (prefix.family === 4) {
    // IPv4 without a words array per prefix (routes, rules, subnets: 10,000s).
    table.set(record, field + PrefixField.W0, Number(prefix.addr) | 0);
    for (let i = 1; i < 4; i++) table.set(record, field + PrefixField.W0 + i, 0);
    return;
  }
  const w = addressWords(prefix.family, prefix.addr);
  for (let i = 0; i < 4; i++) table.set(record, field + PrefixField.W0 + i, w[i]!);
}

/** The netmask of an IPv4 prefix length, as an i32 word (0 for /0). */
export function mask4(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) | 0;
}

export function ipv4Word(address: Address): number {
  return Number(address.value) | 0;
}

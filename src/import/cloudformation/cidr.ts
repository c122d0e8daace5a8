// Fn::Cidr exactly as CloudFormation computes it: `count` consecutive blocks, each with
// `cidrBits` host bits (so prefix length = 32 - cidrBits, or 128 - cidrBits for IPv6), starting at
// the network address of `ipBlock`. `!Cidr ["192.168.0.0/24", 6, 5]` -> 192.168.0.0/27, .32/27, ...
import { familyBits, makePrefix, parsePrefix, type Prefix } from '../../model/ip.js';
import { quote } from '../../model/printable.js';

export class CidrFunctionError extends Error {}

export function cidrSubdivide(ipBlock: string, count: number, cidrBits: number): string[] {
  const block = parseBlock(ipBlock);
  const bits = familyBits(block.family);
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new CidrFunctionError(`count must be 1-256, got ${count}`);
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || cidrBits > bits - block.len) {
    throw new CidrFunctionError(`cidrBits must be 1-${bits - block.len} for ${block.text}, got ${cidrBits}`);
  }
  const len = bits - cidrBits;
  if (BigInt(count) > 1n << BigInt(len - block.len)) {
    throw new CidrFunctionError(`${block.text} holds only ${1n << BigInt(len - block.len)} blocks of /${len}, ${count} asked`);
  }
  const step = 1n << BigInt(cidrBits);
  const out: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) out.push(makePrefix(block.family, block.addr + i * step, len).text);
  return out;
}

/** CloudFormation accepts a block with host bits set; the subdivision starts at its network address. */
function parseBlock(text: string): Prefix {
  const m = /^(.*)\/(\d{1,3})$/.exec(text);
  if (!m) throw new CidrFunctionError(`not a CIDR block: ${quote(text)}`);
  try {
    return parsePrefix(text);
  } catch {
    const len = Number(m[2]);
    const probe = parsePrefix(`${m[1]}/${m[1]!.includes(':') ? 128 : 32}`);
    const bits = familyBits(probe.family);
    if (len > bits) throw new CidrFunctionError(`bad prefix length in ${text}`);
    const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - len)) - 1n);
    return makePrefix(probe.family, probe.addr & mask, len);
  }
}

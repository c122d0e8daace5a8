// IP protocols as EC2 writes them: `-1` (all), a number (`"6"`), or a name in security group rules
// (`tcp`, `udp`, `icmp`, `icmpv6`). The model carries numbers (NACL-7, SG-2).
import { show, type Fields } from './fields.js';

const NAMED = new Map<string, number>([
  ['tcp', 6],
  ['udp', 17],
  ['icmp', 1],
  ['icmpv6', 58],
  ['all', -1],
]);

export function protocolNumber(f: Fields, field: string): number {
  const raw = f.raw(field);
  if (raw === undefined || raw === null) throw f.error(field, 'is missing');
  const named = typeof raw === 'string' ? NAMED.get(raw.toLowerCase()) : undefined;
  if (named !== undefined) return named;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(n === -1 || (Number.isInteger(n) && n >= 0 && n <= 255))) {
    throw f.error(field, `${show(raw)} is not a protocol (-1, 0-255, tcp, udp, icmp, icmpv6)`);
  }
  return n;
}

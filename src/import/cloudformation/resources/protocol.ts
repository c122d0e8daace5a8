// IP protocol names and numbers as EC2 accepts them in NACL entries and security group rules.
import type { InputError } from '../../../model/errors.js';
import { quote } from '../../../model/printable.js';

const NAMES: Record<string, number> = { all: -1, tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

/** `tcp`, `6`, `-1`, `all` ... -> protocol number (-1 = all). */
export function parseProtocol(text: string, fail: (detail: string) => InputError): number {
  const t = text.trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(NAMES, t)) return NAMES[t]!;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    if (n === -1 || (n >= 0 && n <= 255)) return n;
  }
  throw fail(`${quote(text)} is not a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)`);
}

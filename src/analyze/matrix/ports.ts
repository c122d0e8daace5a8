// The ports a matrix, diff or policy check walks: `tcp/22`, `udp/53`, `icmp` (echo request, TRACE-3) or
// `all` (every protocol: only rules that allow all traffic match, docs/semantics.md). Parsed before any
// input is loaded, so a typo is one line naming the flag and the bad value.
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';
import { PROTOCOL_ALL, PROTOCOL_ICMP, PROTOCOL_TCP, PROTOCOL_UDP } from '../../model/protocols.js';

export interface MatrixPort {
  /** As written back: `tcp/22`, `udp/53`, `icmp`, `all`. */
  label: string;
  protocol: number;
  /** Destination port for TCP/UDP, else 0. */
  port: number;
}

/** The ports reachabilityMatrix(), diffDesigns(), `matrix` and `diff` use when none are given (`--ports`). */
export const DEFAULT_PORTS = 'tcp/22,tcp/443,udp/53,icmp';

/** `tcp/22,udp/53,icmp` (or a list of such items) as ports, in the order given, duplicates dropped. */
export function parsePorts(spec: string | readonly string[] = DEFAULT_PORTS, field = '--ports'): MatrixPort[] {
  const items = (typeof spec === 'string' ? spec.split(',') : [...spec]).map((s) => (typeof s === 'string' ? s.trim().toLowerCase() : s));
  const out: MatrixPort[] = [];
  for (const item of items) {
    const port = parsePort(item, field);
    if (!out.some((p) => p.label === port.label)) out.push(port);
  }
  if (out.length === 0) throw new InputError(`${field}: expected at least one of tcp/<port>, udp/<port>, icmp, all`);
  return out;
}

function parsePort(item: unknown, field: string): MatrixPort {
  if (item === 'icmp') return { label: 'icmp', protocol: PROTOCOL_ICMP, port: 0 };
  if (item === 'all') return { label: 'all', protocol: PROTOCOL_ALL, port: 0 };
  const m = typeof item === 'string' ? /^(tcp|udp)\/(\d{1,5})$/.exec(item) : null;
  if (m && Number(m[2]) <= 65535) {
    const port = Number(m[2]);
    return { label: `${m[1]}/${port}`, protocol: m[1] === 'tcp' ? PROTOCOL_TCP : PROTOCOL_UDP, port };
  }
  throw new InputError(`${field} ${quote(item)}: expected tcp/<port>, udp/<port>, icmp or all (port 0-65535), e.g. tcp/22,udp/53,icmp`);
}

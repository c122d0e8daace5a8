// The parts of a trace query that need no topology: the protocol, the ports, responseAfter. The CLI
// checks its flags with these before it loads a (possibly large) input, so a typo is reported at
// once; resolveTrace checks a library query the same way. `QueryWords` names the fields in the
// caller's words: `--port` for the CLI, `query.port` for the library.
import { InputError, type InputErrorContext } from '../model/errors.js';
import { PROTOCOL_ALL, PROTOCOL_ICMP, PROTOCOL_ICMPV6, PROTOCOL_TCP, PROTOCOL_UDP, hasPorts } from '../model/protocols.js';
import { clip, quote } from '../model/printable.js';
import type { TraceProtocol, TraceQuery } from './trace.js';

export interface QueryWords {
  protocol: string;
  port: string;
  sourcePort: string;
  responseAfter: string;
  from: string;
  to: string;
  /** Optional so that callers with no ICMP fields keep their words; default `icmpType` / `icmpCode`. */
  icmpType?: string;
  icmpCode?: string;
}

export const FLAG_WORDS: QueryWords = { protocol: '--protocol', port: '--port', sourcePort: '--source-port', responseAfter: 'responseAfter', from: '--from', to: '--to', icmpType: '--icmp-type', icmpCode: '--icmp-code' };

/** The library's words: `query.port 70000: expected a port 0-65535`. */
export const FIELD_WORDS: QueryWords = {
  protocol: 'query.protocol',
  port: 'query.port',
  sourcePort: 'query.sourcePort',
  responseAfter: 'query.responseAfter',
  from: 'query.from',
  to: 'query.to',
  icmpType: 'query.icmpType',
  icmpCode: 'query.icmpCode',
};

/** A file's own keys (a traffic file's flows, a policy's assertions): `port 70000: expected a port 0-65535`. */
export const KEY_WORDS: QueryWords = { protocol: 'protocol', port: 'port', sourcePort: 'sourcePort', responseAfter: 'responseAfter', from: 'from', to: 'to', icmpType: 'icmpType', icmpCode: 'icmpCode' };

export const PROTOCOL_NAMES: Readonly<Record<string, number>> = { tcp: PROTOCOL_TCP, udp: PROTOCOL_UDP, icmp: PROTOCOL_ICMP, icmpv6: PROTOCOL_ICMPV6, all: PROTOCOL_ALL };

const PROTOCOL_LABELS = new Map(Object.entries(PROTOCOL_NAMES).map(([name, n]) => [n, name]));

export function protocolLabel(protocol: number): string {
  return PROTOCOL_LABELS.get(protocol) ?? String(protocol);
}

function parseProtocol(value: unknown, words: QueryWords, ctx: InputErrorContext): number {
  if (value === undefined) return PROTOCOL_TCP;
  const text = typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? String(value) : undefined;
  if (text !== undefined && Object.prototype.hasOwnProperty.call(PROTOCOL_NAMES, text)) return PROTOCOL_NAMES[text]!;
  if (text !== undefined && /^\d{1,3}$/.test(text) && Number(text) <= 255) return Number(text);
  throw new InputError(`${words.protocol} ${typeof value === 'string' ? clip(value) : quote(value)}: expected tcp, udp, icmp, icmpv6, all or a number 0-255`, ctx);
}

/**
 * A protocol as text or number (a CLI flag, a scenario file) as a TraceProtocol: a name in lower case or
 * a number; anything else is bad input naming `words.protocol`.
 */
export function toTraceProtocol(value: unknown, words: QueryWords, ctx: InputErrorContext = {}): TraceProtocol {
  const n = parseProtocol(value, words, ctx);
  const name = protocolLabel(n);
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROTOCOL_NAMES, name) ? (name as TraceProtocol) : n;
}

function checkIcmpField(name: string, value: unknown, ctx: InputErrorContext): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    throw new InputError(`${name} ${typeof value === 'number' ? value : quote(value)}: expected a number 0-255`, ctx);
  }
}

function checkPort(name: string, port: unknown, ctx: InputErrorContext): void {
  if (port === undefined) return;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InputError(`${name} ${typeof port === 'number' ? port : quote(port)}: expected a port 0-65535`, ctx);
  }
}

/** Checks what needs no topology and returns the protocol number; the errors name `words`' fields. */
export function checkQueryShape(q: Pick<TraceQuery, 'protocol' | 'port' | 'sourcePort' | 'responseAfter' | 'icmpType' | 'icmpCode'>, words: QueryWords, ctx: InputErrorContext = {}): number {
  const protocol = parseProtocol(q.protocol, words, ctx);
  checkPort(words.port, q.port, ctx);
  checkPort(words.sourcePort, q.sourcePort, ctx);
  const icmpWords = [words.icmpType ?? 'icmpType', words.icmpCode ?? 'icmpCode'] as const;
  checkIcmpField(icmpWords[0], q.icmpType, ctx);
  checkIcmpField(icmpWords[1], q.icmpCode, ctx);
  // NACL-7, SG-2: ports exist for TCP and UDP only, ICMP types and codes for ICMP only; a value the
  // walk would ignore is refused rather than silently dropped.
  const label = protocolLabel(protocol);
  if (!hasPorts(protocol)) {
    for (const [field, value] of [[words.port, q.port], [words.sourcePort, q.sourcePort]] as const) {
      if (value !== undefined) throw new InputError(`${field} applies to tcp and udp only, not to ${label}`, ctx);
    }
  }
  if (protocol !== PROTOCOL_ICMP && protocol !== PROTOCOL_ICMPV6) {
    for (const [field, value] of [[icmpWords[0], q.icmpType], [icmpWords[1], q.icmpCode]] as const) {
      if (value !== undefined) throw new InputError(`${field} applies to icmp and icmpv6 only, not to ${label}`, ctx);
    }
  }
  const after = q.responseAfter;
  if (after !== undefined && !(typeof after === 'number' && Number.isFinite(after) && after >= 0)) {
    throw new InputError(`${words.responseAfter} ${typeof after === 'number' ? after : quote(after)}: expected a number of seconds >= 0`, ctx);
  }
  if (hasPorts(protocol) && q.port === undefined) throw new InputError(`${words.port} is required for ${protocolLabel(protocol)}`, ctx);
  return protocol;
}

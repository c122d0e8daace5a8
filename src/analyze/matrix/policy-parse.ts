// A policy file for `vpcsim check` (issue 15 §3): `assertions:` with a name, `from` and `to` selectors,
// a protocol, ports and what to expect. Only the shape is checked here (no topology): a bad assertion is
// one line naming the file, the assertion and the field; selectors are resolved in ./policy.ts.
import { InputError } from '../../model/errors.js';
import { parsePrefix, type Prefix } from '../../model/ip.js';
import { quote } from '../../model/printable.js';

export type Selector =
  | { kind: 'internet' }
  | { kind: 'on-premises' }
  | { kind: 'all-instances' }
  | { kind: 'cidr'; prefix: Prefix }
  /** An instance, subnet, VPC or security group by logical id, AWS id or Name tag; else any `trace` endpoint. */
  | { kind: 'id'; text: string }
  | { kind: 'tag'; key: string; value: string }
  | { kind: 'subnet' | 'vpc' | 'securityGroup'; ref: string }
  | { kind: 'not'; inner: Selector };

export type PolicyProtocol = 'tcp' | 'udp' | 'icmp' | 'all';

export interface PolicyAssertion {
  name: string;
  from: Selector;
  to: Selector;
  protocol: PolicyProtocol;
  /** Destination ports [from, to] for TCP/UDP (and `all`); default every port. */
  ports: { from: number; to: number };
  expect: 'reachable' | 'unreachable';
}

export interface Policy {
  file: string;
  assertions: PolicyAssertion[];
}

const SELECTOR_HELP = 'expected internet, on-premises, all-instances, a CIDR, an id or logical id, { tag: { Key: Value } }, { subnet }, { vpc }, { securityGroup } or { not: selector }';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function selector(value: unknown, fail: (detail: string) => InputError): Selector {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === 'internet') return { kind: 'internet' };
    if (text === 'on-premises') return { kind: 'on-premises' };
    if (text === 'all-instances') return { kind: 'all-instances' };
    if (/^[0-9.]+\/\d+$/.test(text) || (text.includes(':') && text.includes('/'))) {
      try {
        return { kind: 'cidr', prefix: parsePrefix(text) };
      } catch (err) {
        throw fail(`${quote(text)}: ${(err as Error).message}`);
      }
    }
    if (text !== '') return { kind: 'id', text };
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0]!;
      const inner = value[key];
      if (key === 'not') return { kind: 'not', inner: selector(inner, fail) };
      if ((key === 'subnet' || key === 'vpc' || key === 'securityGroup') && typeof inner === 'string' && inner !== '') return { kind: key, ref: inner };
      if (key === 'tag' && isObject(inner) && Object.keys(inner).length === 1) {
        const [tagKey, tagValue] = Object.entries(inner)[0]!;
        if (typeof tagValue === 'string' || typeof tagValue === 'number') return { kind: 'tag', key: tagKey, value: String(tagValue) };
      }
    }
  }
  throw fail(`unknown selector ${quote(value)} (${SELECTOR_HELP})`);
}

function ports(value: unknown, fail: (detail: string) => InputError): { from: number; to: number } {
  if (value === undefined || value === 'all') return { from: 0, to: 65535 };
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
  if (typeof value === 'number' && ok(value)) return { from: value, to: value };
  if (typeof value === 'string') {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value.trim());
    if (m) {
      const from = Number(m[1]);
      const to = Number(m[2] ?? m[1]);
      if (ok(from) && ok(to) && from <= to) return { from, to };
    }
  }
  throw fail(`${quote(value)}: expected a port 0-65535, a range such as 1024-65535, or all`);
}

/** Checks a parsed policy document (YAML or JSON) and returns its assertions. */
export function checkPolicyDocument(doc: unknown, file: string): Policy {
  const top = (detail: string) => new InputError(detail, { file });
  if (!isObject(doc) || !Array.isArray(doc.assertions)) throw top('expected a mapping with assertions: [ { name, from, to, protocol, port, expect } ... ]');
  if (doc.assertions.length === 0) throw top('assertions: the list is empty');
  const names = new Set<string>();
  const assertions = doc.assertions.map((raw: unknown, i): PolicyAssertion => {
    const label = isObject(raw) && typeof raw.name === 'string' ? `assertion ${quote(raw.name)}` : `assertions[${i}]`;
    const at = (field: string) => (detail: string) => new InputError(`${label}: ${field}: ${detail}`, { file });
    if (!isObject(raw)) throw at('assertion')('expected a mapping { name, from, to, protocol, port, expect }');
    const known = ['name', 'from', 'to', 'protocol', 'port', 'ports', 'expect'];
    const unknown = Object.keys(raw).find((k) => !known.includes(k));
    if (unknown !== undefined) throw at(unknown)(`unknown field (expected ${known.join(', ')})`);
    if (typeof raw.name !== 'string' || raw.name.trim() === '') throw at('name')('expected a non-empty string');
    if (names.has(raw.name)) throw at('name')('another assertion has this name');
    names.add(raw.name);
    for (const field of ['from', 'to'] as const) if (raw[field] === undefined) throw at(field)('missing');
    const protocol = raw.protocol === undefined ? 'tcp' : String(raw.protocol).toLowerCase();
    if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol)) throw at('protocol')(`${quote(raw.protocol)}: expected tcp, udp, icmp or all`);
    // As trace's --port: ICMP has no ports, so a port there would be silently ignored.
    const port = raw.port ?? raw.ports;
    if (protocol === 'icmp' && port !== undefined && port !== 'all') throw at('port')('applies to tcp, udp and all only, not to icmp');
    if (raw.expect !== 'reachable' && raw.expect !== 'unreachable') throw at('expect')(`${quote(raw.expect)}: expected reachable or unreachable`);
    return {
      name: raw.name,
      from: selector(raw.from, at('from')),
      to: selector(raw.to, at('to')),
      protocol: protocol as PolicyProtocol,
      ports: ports(port, at('port')),
      expect: raw.expect,
    };
  });
  return { file, assertions };
}

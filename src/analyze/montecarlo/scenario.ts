// The Monte Carlo scenario file (issue 10 §1): per-class failure probabilities (MC-1), steady-state
// unavailability from MTBF/MTTR (MC-12), per-component overrides and correlated groups (MC-13), and the
// queries. YAML or JSON, parsed by the guarded readers (../../import/yaml-text.ts: alias and depth
// limits, null-prototype maps; ../../import/json-text.ts) and checked here, before any topology is
// read: every problem is one InputError naming the file, the key and the bad value. Names of
// components are resolved against the topology later (./components.ts).
import { parseJsonText } from '../../import/json-text.js';
import { parseYamlText } from '../../import/yaml-text.js';
import { InputError } from '../../model/errors.js';
import { assertString } from '../../model/guards.js';
import { clip, quote } from '../../model/printable.js';

/** The failure classes a scenario's `failures` may give a probability to (MC-1..MC-7). */
export const FAILURE_CLASSES = ['availabilityZone', 'natGateway', 'vpnTunnel', 'directConnectConnection', 'transitGatewayAttachment', 'instance'] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface ScenarioQuery {
  name: string;
  /** As `vpcsim trace --from`: logical id, AWS id, Name tag or IP address. */
  from: string;
  /** As `vpcsim trace --to`: also an AWS service name. */
  to: string;
  protocol?: string | number;
  port?: number;
  sourcePort?: number;
  /** As `vpcsim trace --icmp-type` / `--icmp-code` (icmp, icmpv6 only). */
  icmpType?: number;
  icmpCode?: number;
}

export interface ScenarioOverride {
  /** Logical id, physical id or Name tag of a component of a failure class (MC-13). */
  component: string;
  probability: number;
}

export interface ScenarioGroup {
  name: string;
  probability: number;
  /** Components of any failure class, or Availability Zones by name (MC-13). */
  members: string[];
}

/** A checked scenario; probabilities are per trial (MTBF/MTTR already turned into one, MC-12). */
export interface Scenario {
  /** The file it came from, for error messages. */
  file: string;
  /** MC-1: a class not given never fails. */
  failures: Partial<Record<FailureClass, number>>;
  components: ScenarioOverride[];
  groups: ScenarioGroup[];
  queries: ScenarioQuery[];
}

/** A probability as written: a number in [0, 1] or `{ mtbfHours, mttrHours }` (MC-12). */
export type ProbabilityInput = number | { mtbfHours: number; mttrHours: number };

/** The scenario as written in the file, or given to the library as a plain object. */
export interface ScenarioInput {
  failures?: Partial<Record<FailureClass, ProbabilityInput>>;
  components?: Record<string, ProbabilityInput>;
  groups?: Array<{ name: string; probability: ProbabilityInput; members: string[] }>;
  queries: ScenarioQuery[];
}

const TOP_KEYS = ['failures', 'components', 'groups', 'queries'];
const GROUP_KEYS = ['name', 'probability', 'members'];
const QUERY_KEYS = ['name', 'from', 'to', 'protocol', 'port', 'sourcePort', 'icmpType', 'icmpCode'];
const RELIABILITY_KEYS = ['mtbfHours', 'mttrHours'];

/** Parses and checks a scenario file's text (JSON when it looks like JSON, else YAML). */
export function parseScenario(text: string, file: string): Scenario {
  assertString(text, 'parseScenario', 'the text');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError('file is empty', { file });
  const looksJson = /\.json$/i.test(file) || body.trimStart().startsWith('{');
  return checkScenario(looksJson ? parseJsonText(body, file) : parseYamlText(body, file), file);
}

/** Checks a scenario given as a value (parsed text, or the library caller's object). */
export function checkScenario(value: unknown, file: string): Scenario {
  const root = mapping(value, '', file, 'a mapping with `queries:` (and `failures:`, `components:`, `groups:`)');
  onlyKeys(root, TOP_KEYS, '', file);
  return {
    file,
    failures: checkFailures(root.failures, file),
    components: checkOverrides(root.components, file),
    groups: checkGroups(root.groups, file),
    queries: checkQueries(root.queries, file),
  };
}

type Fields = Record<string, unknown>;

/** `key: what` for messages: the key path and the problem, the value as JSON (control characters escaped). */
function fail(key: string, what: string, file: string): never {
  throw new InputError(key === '' ? what : `${key}: ${what}`, { file, field: key || undefined });
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'number' ? String(value) : quote(value);
}

/** A key from the file as part of a key path: plain names as they are (clipped), anything else quoted (escaped). */
export function keyText(key: string): string {
  return /^[\w.:/#@+-]+$/.test(key) ? clip(key) : quote(key);
}

function isMap(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: unknown, key: string, file: string, expected = 'a mapping'): Fields {
  if (!isMap(value)) fail(key, `expected ${expected}, got ${show(value)}`, file);
  return value;
}

function onlyKeys(map: Fields, allowed: string[], key: string, file: string): void {
  for (const k of Object.keys(map)) {
    if (!allowed.includes(k)) fail(key === '' ? keyText(k) : `${key}.${keyText(k)}`, `unknown key (expected ${allowed.join(', ')})`, file);
  }
}

function nonEmptyString(value: unknown, key: string, file: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(key, `expected a non-empty string, got ${show(value)}`, file);
  return value;
}

/** MC-1 / MC-12: a per-trial probability in [0, 1], or the steady-state unavailability mttr / (mtbf + mttr). */
export function probabilityOf(value: unknown, key: string, file: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > 1) fail(key, `probability ${show(value)} is outside [0, 1]`, file);
    return value;
  }
  if (isMap(value)) {
    onlyKeys(value, RELIABILITY_KEYS, key, file);
    const mtbf = value.mtbfHours;
    const mttr = value.mttrHours;
    if (typeof mtbf !== 'number' || !Number.isFinite(mtbf) || mtbf <= 0) fail(`${key}.mtbfHours`, `expected a number of hours > 0, got ${show(mtbf)}`, file);
    if (typeof mttr !== 'number' || !Number.isFinite(mttr) || mttr < 0) fail(`${key}.mttrHours`, `expected a number of hours >= 0, got ${show(mttr)}`, file);
    return mttr / (mtbf + mttr);
  }
  return fail(key, `expected a probability in [0, 1] or { mtbfHours, mttrHours }, got ${show(value)}`, file);
}

function checkFailures(value: unknown, file: string): Scenario['failures'] {
  if (value === undefined || value === null) return {};
  const map = mapping(value, 'failures', file, `a mapping of failure classes (${FAILURE_CLASSES.join(', ')})`);
  const out: Scenario['failures'] = {};
  for (const [name, given] of Object.entries(map)) {
    if (!(FAILURE_CLASSES as readonly string[]).includes(name)) {
      fail(`failures.${keyText(name)}`, `unknown failure class (expected ${FAILURE_CLASSES.join(', ')})`, file);
    }
    out[name as FailureClass] = probabilityOf(given, `failures.${keyText(name)}`, file);
  }
  return out;
}

function checkOverrides(value: unknown, file: string): ScenarioOverride[] {
  if (value === undefined || value === null) return [];
  const map = mapping(value, 'components', file, 'a mapping of component names to probabilities');
  return Object.entries(map).map(([component, given]) => ({ component, probability: probabilityOf(given, `components.${keyText(component)}`, file) }));
}

function checkGroups(value: unknown, file: string): ScenarioGroup[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail('groups', `expected a list of { name, probability, members }, got ${show(value)}`, file);
  const names = new Set<string>();
  return value.map((item, i) => {
    let key = `groups[${i}]`;
    const g = mapping(item, key, file, 'a mapping { name, probability, members }');
    const name = nonEmptyString(g.name, `${key}.name`, file);
    key = `groups.${keyText(name)}`;
    onlyKeys(g, GROUP_KEYS, key, file);
    if (names.has(name)) fail(`${key}`, `duplicate group name ${show(name)}`, file);
    names.add(name);
    if (g.probability === undefined) fail(`${key}.probability`, 'missing (a probability in [0, 1] or { mtbfHours, mttrHours })', file);
    const probability = probabilityOf(g.probability, `${key}.probability`, file);
    if (!Array.isArray(g.members) || g.members.length === 0) fail(`${key}.members`, `expected a non-empty list of component or Availability Zone names, got ${show(g.members)}`, file);
    const members = g.members.map((m, j) => nonEmptyString(m, `${key}.members[${j}]`, file));
    const twice = members.find((m, j) => members.indexOf(m) !== j);
    if (twice !== undefined) fail(`${key}.members`, `${show(twice)} is listed twice`, file);
    return { name, probability, members };
  });
}

function checkQueries(value: unknown, file: string): ScenarioQuery[] {
  if (!Array.isArray(value) || value.length === 0) fail('queries', `expected a non-empty list of { name, from, to, protocol, port }, got ${show(value)}`, file);
  const names = new Set<string>();
  return value.map((item, i) => {
    let key = `queries[${i}]`;
    const q = mapping(item, key, file, 'a mapping { name, from, to, protocol, port }');
    const name = nonEmptyString(q.name, `${key}.name`, file);
    if (names.has(name)) fail(`${key}.name`, `duplicate query name ${show(name)}`, file);
    names.add(name);
    key = `queries.${keyText(name)}`;
    onlyKeys(q, QUERY_KEYS, key, file);
    const query: ScenarioQuery = { name, from: nonEmptyString(q.from, `${key}.from`, file), to: nonEmptyString(q.to, `${key}.to`, file) };
    if (q.protocol !== undefined) {
      if (typeof q.protocol !== 'string' && typeof q.protocol !== 'number') fail(`${key}.protocol`, `expected tcp, udp, icmp, icmpv6, all or a protocol number, got ${show(q.protocol)}`, file);
      query.protocol = q.protocol;
    }
    const port = portOf(q.port, `${key}.port`, file);
    if (port !== undefined) query.port = port;
    const sourcePort = portOf(q.sourcePort, `${key}.sourcePort`, file);
    if (sourcePort !== undefined) query.sourcePort = sourcePort;
    for (const field of ['icmpType', 'icmpCode'] as const) {
      const v = q[field];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) fail(`${key}.${field}`, `expected a number 0-255, got ${show(v)}`, file);
      query[field] = v;
    }
    return query;
  });
}

function portOf(value: unknown, key: string, file: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) fail(key, `expected a port 0-65535, got ${show(value)}`, file);
  return value;
}

// The client traffic file replayed against API Gateway: who calls which stage and method, with which
// API key, and when. Parsed like a template (../import/yaml-text.ts: null-prototype maps, alias
// expansion capped, errors at line:column) and validated: one line naming the file, the client and the field.
import { parseYamlText, type YamlMap } from '../import/yaml-text.js';
import { InputError } from '../model/errors.js';
import { clip, quote } from '../model/printable.js';

export type Arrivals =
  /** `count` requests all at time `at` (seconds). */
  | { type: 'burst'; at: number; count: number }
  /** At start, start + 1/rate, ... strictly before end. */
  | { type: 'constant'; rate: number; start: number; end: number }
  /** A Poisson process of `rate` per second on [start, end), seeded. */
  | { type: 'poisson'; rate: number; start: number; end: number; seed: number };

export interface TrafficClient {
  /** Free text; unique in the file (reports are per client). */
  name: string;
  stage: string;
  /** Logical or physical id of the API, needed only when the stage name is in several APIs. */
  api?: string;
  /** The HTTP method the client sends (never ANY). */
  method: string;
  path: string;
  /** An ApiKey's logical id, or a key value. */
  apiKey?: string;
  arrivals: Arrivals;
}

export interface Traffic {
  file: string;
  /** UTC instant of simulated time 0, in epoch milliseconds (quota periods are UTC, APIGW-9). */
  startEpochMs: number;
  clients: TrafficClient[];
}

/** Default simulation start: quota periods need a calendar instant; chosen once so runs are reproducible. */
export const DEFAULT_START = '2025-01-01T00:00:00Z';
/** Default seed of a Poisson client without `seed`. */
export const DEFAULT_POISSON_SEED = 1;
/** Guard against traffic files that would run for hours (bad input, not a simulation). */
export const MAX_SIMULATED_REQUESTS = 100_000_000;

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const TOP_KEYS = new Set(['clients', 'start']);
const CLIENT_KEYS = new Set(['name', 'stage', 'api', 'request', 'apiKey', 'arrivals']);
const ARRIVAL_KEYS: Record<Arrivals['type'], Set<string>> = {
  burst: new Set(['type', 'at', 'count']),
  constant: new Set(['type', 'rate', 'start', 'end']),
  poisson: new Set(['type', 'rate', 'start', 'end', 'seed']),
};

export interface ParseTrafficOptions {
  maxAliasCount?: number;
}

export function parseTraffic(text: string, file: string, opts: ParseTrafficOptions = {}): Traffic {
  const root = parseYamlText(text, file, { ...(opts.maxAliasCount !== undefined && { maxAliasCount: opts.maxAliasCount }) });
  if (!isMap(root)) throw new InputError('expected a mapping with `clients:` at the top level', { file });
  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.has(key)) throw new InputError(`unknown top-level field '${clip(key)}' (expected clients, start)`, { file });
  }
  const startEpochMs = parseStart(root.start, file);
  const list = root.clients;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError('`clients` must be a non-empty list', { file, field: 'clients' });
  }
  const names = new Set<string>();
  const clients = list.map((item, i) => {
    const client = parseClient(item, i, file);
    if (names.has(client.name)) throw new InputError(`duplicate client name '${clip(client.name)}'`, { file, field: 'name' });
    names.add(client.name);
    return client;
  });
  const total = clients.reduce((sum, c) => sum + expectedRequests(c.arrivals), 0);
  if (total > MAX_SIMULATED_REQUESTS) {
    throw new InputError(`about ${Math.round(total)} requests exceed the limit of ${MAX_SIMULATED_REQUESTS}`, { file, field: 'arrivals' });
  }
  return { file, startEpochMs, clients };
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseStart(value: unknown, file: string): number {
  if (value === undefined) return Date.parse(DEFAULT_START);
  const ms = typeof value === 'string' && /Z$|[+-]\d\d:\d\d$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(`start: expected a UTC instant like ${DEFAULT_START}, got ${quote(value)}`, { file, field: 'start' });
  }
  return ms;
}

function parseClient(item: unknown, index: number, file: string): TrafficClient {
  const where = { file, resourceType: 'client', logicalId: `#${index + 1}` };
  if (!isMap(item)) throw new InputError('expected a mapping', where);
  const nameValue = item.name;
  if (typeof nameValue === 'string' && nameValue !== '') where.logicalId = nameValue;
  for (const key of Object.keys(item)) {
    if (!CLIENT_KEYS.has(key)) throw new InputError(`unknown field '${clip(key)}'`, { ...where, field: key });
  }
  const name = requireString(item, 'name', where);
  const stage = requireString(item, 'stage', where);
  const api = optionalString(item, 'api', where);
  const apiKey = optionalString(item, 'apiKey', where);
  const request = requireString(item, 'request', where);
  const m = /^([A-Za-z]+) +(\/[^\s?#]*)(?:\?[^\s#]*)?$/.exec(request.trim());
  const method = m?.[1]?.toUpperCase();
  if (!m || !method || !HTTP_METHODS.has(method)) {
    throw new InputError(`request: expected "METHOD /path" with METHOD one of ${[...HTTP_METHODS].join(', ')}, got ${quote(request)}`, {
      ...where,
      field: 'request',
    });
  }
  const arrivals = parseArrivals(item.arrivals, where);
  return { name, stage, method, path: m[2]!, arrivals, ...(api !== undefined && { api }), ...(apiKey !== undefined && { apiKey }) };
}

type Where = { file: string; resourceType: string; logicalId: string };

function parseArrivals(value: unknown, where: Where): Arrivals {
  const at = { ...where, field: 'arrivals' };
  if (value === undefined) throw new InputError('missing field arrivals', at);
  if (!isMap(value)) throw new InputError('arrivals: expected a mapping with `type`', at);
  const type: unknown = value.type;
  if (type !== 'burst' && type !== 'constant' && type !== 'poisson') {
    throw new InputError(`arrivals.type: expected burst, constant or poisson, got ${quote(type)}`, at);
  }
  for (const key of Object.keys(value)) {
    if (!ARRIVAL_KEYS[type].has(key)) throw new InputError(`arrivals: unknown field '${clip(key)}' for type ${type}`, at);
  }
  const num = (key: string, opts: { integer?: boolean; optional?: number } = {}) => {
    const v = value[key];
    if (v === undefined && opts.optional !== undefined) return opts.optional;
    if (v === undefined) throw new InputError(`missing field arrivals.${key}`, at);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`arrivals.${key}: expected a number, got ${typeof v === 'number' ? String(v) : quote(v)}`, at);
    if (v < 0) throw new InputError(`arrivals.${key}: must not be negative, got ${v}`, at);
    if (opts.integer && !Number.isInteger(v)) throw new InputError(`arrivals.${key}: expected a whole number, got ${v}`, at);
    return v;
  };
  if (type === 'burst') return { type, at: num('at'), count: num('count', { integer: true }) };
  const rate = num('rate');
  const start = num('start');
  const end = num('end');
  if (end < start) throw new InputError(`arrivals.end (${end}) is before arrivals.start (${start})`, at);
  if (type === 'constant') return { type, rate, start, end };
  return { type, rate, start, end, seed: num('seed', { integer: true, optional: DEFAULT_POISSON_SEED }) };
}

function requireString(map: YamlMap, key: string, where: Where): string {
  const v = map[key];
  if (v === undefined || v === null) throw new InputError(`missing field ${key}`, { ...where, field: key });
  if (typeof v !== 'string' || v === '') throw new InputError(`${key}: expected a non-empty string, got ${quote(v)}`, { ...where, field: key });
  return v;
}

function optionalString(map: YamlMap, key: string, where: Where): string | undefined {
  return Object.hasOwn(map, key) ? requireString(map, key, where) : undefined;
}

/** Expected number of requests (exact for burst and constant, the mean for Poisson). */
function expectedRequests(a: Arrivals): number {
  if (a.type === 'burst') return a.count;
  return Math.ceil((a.end - a.start) * a.rate);
}

/** Time after which a client sends nothing (its last possible arrival is before or at it). */
export function arrivalsEnd(a: Arrivals): number {
  return a.type === 'burst' ? a.at : a.end;
}

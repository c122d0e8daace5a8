// The traffic file of `vpcsim flowlogs emit` (FL-8): flows declared like trace queries, with when they
// happen and how much they carry. JSON or YAML; checked key by key (one line naming the bad value).
import { parseJsonText } from '../../import/json-text.js';
import { parseYamlText } from '../../import/yaml-text.js';
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';
import { KEY_WORDS, type QueryWords } from '../query-checks.js';

/** How errors name a flow's fields (after `flows[i]: `). */
export const TRAFFIC_WORDS: QueryWords = KEY_WORDS;

export interface TrafficFlow {
  from: string;
  to: string;
  protocol?: string | number;
  port?: number;
  /** CHOICE: 49152 when absent (a flow log record has one source port). */
  sourcePort?: number;
  /** Simulated seconds (C-3) when the flow starts; default 0. */
  at?: number;
  /** Packets each way (default 1) and bytes each way (default 0), as the records report them. */
  packets?: number;
  bytes?: number;
}

export interface Traffic {
  /** Unix seconds added to simulated time (FL-8); default 0. */
  epoch?: number;
  flows: TrafficFlow[];
}

const TOP_KEYS = ['epoch', 'flows'];
const FLOW_KEYS = ['from', 'to', 'protocol', 'port', 'sourcePort', 'at', 'packets', 'bytes'];

/** Parses and checks a traffic file's text (JSON when it looks like JSON, else YAML). */
export function parseTraffic(text: string, file: string): Traffic {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError('file is empty', { file });
  const looksJson = /\.json$/i.test(file) || body.trimStart().startsWith('{');
  return checkTraffic(looksJson ? parseJsonText(body, file) : parseYamlText(body, file), file);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function whole(v: unknown, where: string, file: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new InputError(`${where}: ${quote(String(v))} is not a whole number 0-${max}`, { file });
  return v;
}

/**
 * A parsed traffic document (`flows: [{ from, to, protocol, port, ... }]`, `epoch`), checked, as `flowlogs
 * emit --traffic` reads it; bad input throws an InputError naming `file`.
 */
export function checkTraffic(doc: unknown, file: string): Traffic {
  if (!isMap(doc)) throw new InputError('expected a mapping with flows: [...]', { file });
  for (const k of Object.keys(doc)) if (!TOP_KEYS.includes(k)) throw new InputError(`unknown key ${quote(k)} (expected ${TOP_KEYS.join(', ')})`, { file });
  if (!Array.isArray(doc.flows) || doc.flows.length === 0) throw new InputError('flows: expected a non-empty list of flows', { file });
  const traffic: Traffic = { flows: [] };
  if (doc.epoch !== undefined) traffic.epoch = whole(doc.epoch, 'epoch', file, 0xffffffff);
  doc.flows.forEach((f: unknown, i: number) => {
    const where = `flows[${i}]`;
    if (!isMap(f)) throw new InputError(`${where}: expected a mapping with from, to, protocol, port`, { file });
    for (const k of Object.keys(f)) if (!FLOW_KEYS.includes(k)) throw new InputError(`${where}: unknown key ${quote(k)} (expected ${FLOW_KEYS.join(', ')})`, { file });
    for (const k of ['from', 'to'] as const) if (typeof f[k] !== 'string' || f[k] === '') throw new InputError(`${where}.${k}: expected a logical id, AWS id or IP address`, { file });
    const flow: TrafficFlow = { from: f.from as string, to: f.to as string };
    if (f.protocol !== undefined) {
      if (typeof f.protocol !== 'string' && typeof f.protocol !== 'number') throw new InputError(`${where}.protocol: expected tcp, udp, icmp, icmpv6 or a number`, { file });
      flow.protocol = f.protocol;
    }
    if (f.port !== undefined) flow.port = whole(f.port, `${where}.port`, file, 65535);
    if (f.sourcePort !== undefined) flow.sourcePort = whole(f.sourcePort, `${where}.sourcePort`, file, 65535);
    if (f.at !== undefined) flow.at = whole(f.at, `${where}.at`, file, 0xffffffff);
    if (f.packets !== undefined) flow.packets = whole(f.packets, `${where}.packets`, file, Number.MAX_SAFE_INTEGER);
    if (f.bytes !== undefined) flow.bytes = whole(f.bytes, `${where}.bytes`, file, Number.MAX_SAFE_INTEGER);
    traffic.flows.push(flow);
  });
  return traffic;
}

// What the API owner reads: per client, how many requests passed, got 429 (throttled or quota),
// 403 or not found, second by second; and which limit refused how many.
import {
  LEVEL_NAMES,
  OUTCOME_ACCEPTED,
  OUTCOME_FORBIDDEN,
  OUTCOME_NOT_FOUND,
  OUTCOME_QUOTA_EXCEEDED,
  OUTCOME_THROTTLED,
  OUTCOMES,
  type LevelName,
} from './plan.js';
import type { SimResult } from './simulate.js';
import { printable } from '../model/printable.js';

/** Requests by outcome: accepted, 429 (throttled or quota), 403, not found. */
export interface OutcomeCounts {
  requests: number;
  accepted: number;
  throttled: number;
  quotaExceeded: number;
  forbidden: number;
  notFound: number;
}

export interface TimelineBin extends OutcomeCounts {
  /** Start of the bin, seconds from the simulation start. */
  second: number;
}

export interface ClientReport extends OutcomeCounts {
  name: string;
  target: string;
  /** Why every request was refused (403 / not found), when that is the case. */
  reason?: string;
  throttledBy: Record<LevelName, number>;
  timeline: TimelineBin[];
}

export interface LimitReport {
  level: LevelName | 'quota';
  limit: string;
  rejected: number;
}

export interface ApiGatewayReport {
  timelineStepSeconds: number;
  clients: ClientReport[];
  /** Requests refused per throttle level, by quotas, with 403 and as not found. */
  levels: Record<LevelName, number> & { quota: number; forbidden: number; notFound: number };
  /** Each limit that refused at least one request. */
  limits: LimitReport[];
}

/**
 * A simulation's report: per client the requests served and refused, refusals by throttle level and quota, and
 * the limits that refused (what `vpcsim apigw --json` prints).
 */
export function buildReport(result: SimResult): ApiGatewayReport {
  const { plan, totals, timeline, bins, stepSeconds } = result;
  const clients = plan.clients.map((c, i): ClientReport => {
    const count = (o: number) => totals[i * OUTCOMES + o]!;
    const bin = (b: number, o: number) => timeline[(i * bins + b) * OUTCOMES + o]!;
    const throttledBy = Object.fromEntries(LEVEL_NAMES.map((name, l) => [name, result.throttledByLevel[i * 3 + l]!])) as Record<LevelName, number>;
    const bySecond: TimelineBin[] = [];
    for (let b = 0; b < bins; b++) bySecond.push({ second: b * stepSeconds, ...outcomeCounts((o) => bin(b, o)) });
    return {
      name: c.name,
      target: c.target,
      ...(c.reason !== undefined && { reason: c.reason }),
      ...outcomeCounts(count),
      throttledBy,
      timeline: bySecond,
    };
  });
  const levels = { usagePlan: 0, method: 0, account: 0, quota: 0, forbidden: 0, notFound: 0 };
  const limits: LimitReport[] = [];
  plan.limits.forEach((l, b) => {
    const rejected = result.limitRejections[b]!;
    levels[LEVEL_NAMES[l.level]!] += rejected;
    if (rejected > 0) limits.push({ level: LEVEL_NAMES[l.level]!, limit: `${l.label} (rate ${l.rate}/s, burst ${l.burst})`, rejected });
  });
  plan.quotas.forEach((q, i) => {
    const rejected = result.quotaRejections[i]!;
    levels.quota += rejected;
    if (rejected > 0) limits.push({ level: 'quota', limit: `${q.label} (${q.limit} per ${q.period}, offset ${q.offset})`, rejected });
  });
  for (const c of clients) {
    levels.forbidden += c.forbidden;
    levels.notFound += c.notFound;
  }
  return { timelineStepSeconds: stepSeconds, clients, levels, limits };
}

/** The counts of one client or one timeline bin, from its count per OUTCOME_* index. */
function outcomeCounts(count: (outcome: number) => number): OutcomeCounts {
  let requests = 0;
  for (let o = 0; o < OUTCOMES; o++) requests += count(o);
  return {
    requests,
    accepted: count(OUTCOME_ACCEPTED),
    throttled: count(OUTCOME_THROTTLED),
    quotaExceeded: count(OUTCOME_QUOTA_EXCEEDED),
    forbidden: count(OUTCOME_FORBIDDEN),
    notFound: count(OUTCOME_NOT_FOUND),
  };
}

const CHART_WIDTH = 60;
const BARS = ' ▁▂▃▄▅▆▇█';

/** The terminal form: a table of clients, each client's accepted vs 429 per second, the limits that bit. */
export function formatReport(report: ApiGatewayReport): string {
  const header = ['client', 'requests', 'accepted', '429 throttled', '429 quota', '403', 'not found'];
  // Client names come from the traffic file: escaped before the widths are measured.
  const rows = report.clients.map((c) => [printable(c.name), c.requests, c.accepted, c.throttled, c.quotaExceeded, c.forbidden, c.notFound].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''];
  for (const c of report.clients) {
    out.push(`${c.name}: ${c.target}`);
    if (c.reason) out.push(`  ${c.reason}`);
    out.push(...chart(c, report.timelineStepSeconds), '');
  }
  if (report.limits.length > 0) {
    out.push('limits that refused requests:');
    for (const l of report.limits) out.push(`  ${l.level.padEnd(9)} ${String(l.rejected).padStart(9)}  ${l.limit}`);
  }
  // Names, targets and limit labels quote input: every line with its control characters escaped.
  return out.map(printable).join('\n') + '\n';
}

function chart(c: ClientReport, step: number): string[] {
  const n = c.timeline.length;
  const group = Math.max(1, Math.ceil(n / CHART_WIDTH));
  const accepted: number[] = [];
  const refused: number[] = [];
  for (let i = 0; i < n; i += group) {
    const slice = c.timeline.slice(i, i + group);
    accepted.push(slice.reduce((s, b) => s + b.accepted, 0));
    refused.push(slice.reduce((s, b) => s + b.throttled + b.quotaExceeded, 0));
  }
  const max = Math.max(1, ...accepted, ...refused);
  const bars = (values: number[]) => values.map((v) => BARS[v === 0 ? 0 : Math.max(1, Math.round((v / max) * 8))]).join('');
  const span = `per ${group * step}s, 0s..${n * step}s, max ${max}`;
  return [`  accepted |${bars(accepted)}|`, `  429      |${bars(refused)}|  (${span})`];
}

// The engine's own explanation of one traced flow (issue 5): its hop records (HopField), worded through
// the compiled image's id tables and the Topology by ./hop-text/, become the reference walk's
// WalkResult — the same hops (kind, component, type, id, action, rule, info, packet) and the same
// blocker — without walking the packet again. The verdict must agree with the records: a verdict
// the records do not show is an engine bug and throws, never prints a mixed answer.
import type { WalkBatchResult } from '../../bindings/network.js';
import type { NetworkImage } from '../compile/index.js';
import { HOP_LIMIT_NOTE, HopField, type HopComponent } from '../../abi/hops.js';
import { formatAddress } from '../model/ip.js';
import { networkIndex } from '../model/network-index.js';
import { hasPorts } from '../model/protocols.js';
import type { Topology } from '../model/types.js';
import { responseTo, type Flow } from '../walk/flow.js';
import type { BlockedAt, Hop, WalkResult } from '../walk/result.js';
import { Code } from './codes.js';
import { HOP_TEXTS, named, wordsValue, type HopContext, type HopRecord } from './hop-text/index.js';

/** Hop `h` of a traced batch; `sent` is the flow as sent (protocol, ICMP type and code of the direction). */
function decode(hops: Int32Array, h: number, sent: Flow, reply: Flow): HopRecord {
  const at = h * HopField.Stride;
  const response = hops[at + HopField.Direction] !== 0;
  const header = response ? reply : sent;
  return {
    direction: response ? 'response' : 'forward',
    kind: hops[at + HopField.Kind]!,
    component: hops[at + HopField.Component]! as HopComponent,
    id: hops[at + HopField.ComponentId]!,
    code: hops[at + HopField.Code]!,
    detail: hops[at + HopField.Detail]!,
    note: hops[at + HopField.Note]!,
    ref: hops[at + HopField.Ref]!,
    ref2: hops[at + HopField.Ref2]!,
    packet: {
      ...header,
      src: wordsValue(header.family, hops, at + HopField.Src),
      dst: wordsValue(header.family, hops, at + HopField.Dst),
      srcPort: hops[at + HopField.SrcPort]!,
      dstPort: hops[at + HopField.DstPort]!,
    },
  };
}

function hopOf(c: HopContext, record: HopRecord): Hop {
  // TRACE-11: the hop past the limit names what it would have been, with the action 'hop-limit'.
  const limit = (record.note & HOP_LIMIT_NOTE) !== 0;
  const r = limit ? { ...record, note: record.note & ~HOP_LIMIT_NOTE, code: Code.REACHABLE } : record;
  const explain = HOP_TEXTS[r.kind];
  if (!explain) throw new Error(`vpcsim internal error: the engine wrote a hop of unknown kind ${r.kind}`);
  const text = explain(r, c);
  const fallback = named(c, r.component, r.id);
  const res = text.res === null ? undefined : (text.res ?? fallback.res);
  const p = r.packet;
  const packet = { src: formatAddress(p.family, p.src), dst: formatAddress(p.family, p.dst), ...(hasPorts(p.protocol) ? { srcPort: p.srcPort, dstPort: p.dstPort } : {}) };
  const hop: Hop = { kind: r.kind, component: res?.logicalId ?? '', type: text.type ?? fallback.type, id: res?.id ?? '', code: record.code, action: limit ? 'hop-limit' : text.action, packet };
  if (limit) return hop;
  if (text.rule !== undefined) hop.rule = text.rule;
  if (text.info && text.info.length > 0) hop.info = text.info;
  return hop;
}

/**
 * Flow `i` of a traced batch as the reference walk would answer it; `flow` is the packet that was
 * sent (the batch's row i); `allBlocking`: the batch was walked with TRACE-8's allBlocking.
 */
export function explainEngineFlow(t: Topology, image: NetworkImage, result: WalkBatchResult, i: number, flow: Flow, allBlocking = false): WalkResult {
  const { hops, hopStart, forwardHops, responseHops } = result;
  if (!hops || !hopStart || !forwardHops || !responseHops) throw new Error('explainEngineFlow: the batch was walked without trace');
  const c: HopContext = { t, ix: networkIndex(t), image };
  const reply = responseTo(flow);
  const forward: Hop[] = [];
  const response: Hop[] = [];
  const start = hopStart[i]!;
  for (let h = start; h < start + forwardHops[i]! + responseHops[i]!; h++) {
    const record = decode(hops, h, flow, reply);
    (record.direction === 'forward' ? forward : response).push(hopOf(c, record));
  }
  const verdict = result.verdicts[i]!;
  // TRACE-8: every hop with a code is a blocker, in path order; the first one is the verdict. Without
  // allBlocking the walk stops at it, so it is the only one and the last hop.
  const blockers: BlockedAt[] = [];
  for (const [path, direction] of [[forward, 'forward'], [response, 'response']] as const) {
    path.forEach((hop, hopIndex) => {
      if (hop.code === Code.REACHABLE) return;
      const blocked: BlockedAt = { code: hop.code, component: hop.component, type: hop.type, id: hop.id, direction, hopIndex, detail: hop.action };
      if (hop.rule !== undefined) blocked.rule = hop.rule;
      blockers.push(blocked);
    });
  }
  const last = response.length > 0 ? response[response.length - 1] : forward[forward.length - 1];
  const consistent = verdict === (blockers[0]?.code ?? Code.REACHABLE) && (allBlocking || blockers.length === 0 || (blockers.length === 1 && last?.code === verdict));
  if (!consistent) {
    throw new Error(
      `vpcsim internal error: the WASM engine's verdict ${verdict} does not match its own hop records ` +
        `(${[...forward, ...response].map((h) => `${h.kind}:${h.component}:${h.code}`).join(', ')}); please report it`,
    );
  }
  const walk: WalkResult = { verdict, blockers, forward, response };
  if (blockers[0]) walk.blockedAt = blockers[0];
  return walk;
}

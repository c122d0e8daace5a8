// Scenario + topology -> TrialPlan (the contract with the trial loop, ./types.ts): the units a trial
// draws, with the engine's dense component ids, and each query's packets resolved exactly as
// `vpcsim trace` resolves them (../resolve.ts: TRACE-1, TRACE-2, TRACE-4), on the compiled image
// trace() uses for the same Topology object.
import type { NetworkImage } from '../../compile/index.js';
import { InputError } from '../../model/errors.js';
import type { Topology } from '../../model/types.js';
import { compile, destinationId, flowBatch, originId, type Compiled } from '../engine-trace.js';
import { toTraceProtocol, type QueryWords } from '../query-checks.js';
import { isResolved, resolveTrace } from '../resolve.js';
import type { ScenarioComponent } from './components.js';
import { keyText, type Scenario, type ScenarioQuery } from './scenario.js';
import type { TrialPlan, TrialQuery } from './types.js';
import { scenarioUnits } from './units.js';

export function buildTrialPlan(t: Topology, scenario: Scenario): TrialPlan {
  const c = compile(t);
  const units = scenarioUnits(t, scenario).map((u) => ({
    key: u.key,
    probability: u.probability,
    components: u.members.map((m) => componentId(c.image, m)),
    label: u.label,
  }));
  return { image: c.image, units, queries: scenario.queries.map((q) => trialQuery(t, c, q, scenario.file)) };
}

/** The engine's dense id of a failable component (MC-1). */
function componentId(image: NetworkImage, component: ScenarioComponent): number {
  const id = image.componentIds.get(component.id);
  if (id === undefined) throw new Error(`vpcsim internal error: the compiled image has no component ${component.id} (${component.class})`);
  return id;
}

/** The scenario file's words for the query fields, in messages from resolveTrace(): `port ...`. */
const SCENARIO_WORDS: QueryWords = { from: 'from', to: 'to', protocol: 'protocol', port: 'port', sourcePort: 'sourcePort', responseAfter: 'responseAfter', icmpType: 'icmpType', icmpCode: 'icmpCode' };

function trialQuery(t: Topology, c: Compiled, q: ScenarioQuery, file: string): TrialQuery {
  const key = `queries.${keyText(q.name)}`;
  let resolved;
  try {
    // The scenario file's protocol is any string or number: checked into a TraceProtocol here.
    const protocol = q.protocol === undefined ? undefined : toTraceProtocol(q.protocol, SCENARIO_WORDS, { file });
    resolved = resolveTrace(t, { from: q.from, to: q.to, protocol, port: q.port, sourcePort: q.sourcePort, icmpType: q.icmpType, icmpCode: q.icmpCode, file }, SCENARIO_WORDS);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // The same checks as `vpcsim trace`, worded for the scenario file.
    throw new InputError(`${key}: ${err.detail}`, { file, field: key });
  }
  if (!isResolved(resolved)) throw new InputError(`${key}.from: ${resolved.detail}`, { file, field: `${key}.from` });
  // A host on premises enters over whichever of its connections is up in the trial (the engine picks, in
  // the order trace() pins one with nothing down: longest prefix, DX before VPN), not over a pinned one.
  const origin = originId(c, resolved.origin.kind === 'on-premises' ? { kind: 'on-premises' } : resolved.origin);
  if (origin === undefined) throw new Error(`vpcsim internal error: query ${q.name}: the compiled image has no origin for ${JSON.stringify(resolved.origin)}`);
  return { name: q.name, origin, flows: flowBatch(resolved.flows, origin, destinationId(c, resolved)) };
}

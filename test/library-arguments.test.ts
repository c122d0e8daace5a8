// The library entry points a TypeScript user calls with the wrong kind of argument (issue 11's rule, for
// the ones the session 15 audit found crashing inside): a TypeError naming the function and what it
// expected, never "Cannot read properties of null" from deep inside. And a log given as one string is
// read as its lines (a string is an Iterable<string> of characters, which TypeScript lets through).
import { describe, expect, it } from 'vitest';
import {
  emitFlowLogs, flowLogInputs, generateTopology, importCloudFormation, importSnapshot, loadTopology,
  loadTopologyFromText, parseScenario, reachabilityMatrix, replayFlowLogs, type Topology,
} from '../src/index.js';

const t = await loadTopology('examples/two-tier.yaml', { warn: () => {} });
const any = (x: unknown) => x as never;

describe('wrong-shape arguments are TypeErrors naming the function', () => {
  it('loaders and importers: text or a path where one is expected', async () => {
    await expect(loadTopology(any(undefined))).rejects.toThrow(new TypeError('loadTopology: the path must be a string, got undefined'));
    expect(() => loadTopologyFromText(any(null), 'x.yaml')).toThrow(new TypeError('loadTopologyFromText: the text must be a string, got null'));
    expect(() => importCloudFormation(any(null), 'x.yaml')).toThrow(new TypeError('importCloudFormation: the text must be a string, got null'));
    expect(() => importCloudFormation(any({ Resources: {} }), 'x.yaml')).toThrow(new TypeError('importCloudFormation: the text must be a string, got an object'));
    expect(() => importSnapshot(any(null))).toThrow(new TypeError('importSnapshot: the documents must be an array, got null'));
    expect(() => parseScenario(any(5), 's.yaml')).toThrow(new TypeError('parseScenario: the text must be a string, got a number'));
  });

  it('option objects', async () => {
    expect(() => generateTopology(any(null))).toThrow(new TypeError('generateTopology: the options must be an object, got null'));
    await expect(reachabilityMatrix(t, any(null))).rejects.toThrow(new TypeError('reachabilityMatrix: the options must be an object, got null'));
    await expect(emitFlowLogs(t, any(null))).rejects.toThrow(new TypeError('emitFlowLogs: the traffic must be an object, got null'));
    await expect(replayFlowLogs(t, any(null))).rejects.toThrow(/^replayFlowLogs: the source must be /);
    await expect(replayFlowLogs(any(undefined), ['x'])).rejects.toThrow(/^replayFlowLogs: expected a Topology/);
    await expect(emitFlowLogs(any('t.yaml'), { flows: [] })).rejects.toThrow(/^emitFlowLogs: expected a Topology/);
    await expect(flowLogInputs(any(null))).rejects.toThrow(new TypeError('flowLogInputs: the paths must be an array, got null'));
  });
});

describe('a flow log given as one string is its lines', () => {
  it('replayFlowLogs(t, text) is replayFlowLogs(t, text.split(newline)), also as { name, lines: text }', async () => {
    const lines = await emitFlowLogs(t, { flows: [{ from: 'WebServer', to: 'AppServer', port: 8080 }] });
    const text = lines.join('\n') + '\n';
    const byLines = await replayFlowLogs(t, lines);
    expect(byLines).toMatchObject({ records: 4, agree: 4, malformed: 0 });
    expect(await replayFlowLogs(t, text)).toEqual(byLines);
    expect(await replayFlowLogs(t, { name: '-', lines: text.replace(/\n/g, '\r\n') })).toEqual(byLines);
  });
});

describe('well-formed calls still work', () => {
  it('the same functions with the arguments they expect', async () => {
    expect(importCloudFormation('Resources: {}', 'x.yaml').vpcs).toEqual([]);
    expect(generateTopology({ vpcs: 1, subnetsPerVpc: 1, instancesPerSubnet: 1, seed: 1, hub: 'none' }).vpcs).toHaveLength(1);
    expect((await reachabilityMatrix(t)).groups.length).toBeGreaterThan(0);
    expect((t as Topology).vpcs).toHaveLength(1);
  });
});

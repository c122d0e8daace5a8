// The library call works the same from the Node entry and the browser entry (no file system there).
// In Node the browser entry cannot fetch its .wasm, so it is handed an engine (TraceOptions.engine);
// test/browser/browser.e2e.ts runs the browser entry's own loader in Chromium.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';

const FILE = 'examples/two-tier.yaml';

describe('library trace()', () => {
  it('Node: loadTopology + trace; browser: loadTopologyFromText + trace give the same answer', async () => {
    const fromFile = await node.trace(await node.loadTopology(FILE), { from: 'WebServer', to: 'AppServer', port: 3306 });
    const engine = await node.loadEngine();
    const fromText = await browser.trace(browser.loadTopologyFromText(readFileSync(FILE, 'utf8'), FILE), { from: 'WebServer', to: 'AppServer', port: 3306 }, { engine });
    // SG-4: AppSg allows 3306 from members of WebSg.
    expect(fromFile.reachable).toBe(true);
    expect(fromText).toEqual(fromFile);
  });

  it('bad input is an InputError naming the file, before any engine is needed', async () => {
    const t = browser.loadTopologyFromText(readFileSync(FILE, 'utf8'), FILE);
    // The browser entry's default loader would fail in Node (no fetch of file URLs): the query is checked first.
    await expect(browser.trace(t, { from: 'Nope', to: 'AppServer', port: 22, file: FILE })).rejects.toThrow(browser.InputError);
    expect(() => browser.traceReference(t, { from: 'Nope', to: 'AppServer', port: 22, file: FILE })).toThrow(/examples\/two-tier\.yaml: .*'Nope'/);
  });
});

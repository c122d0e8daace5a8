// The library call works the same from the Node entry and the browser entry (no file system there).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';

const FILE = 'examples/two-tier.yaml';

describe('library trace()', () => {
  it('Node: loadTopology + trace; browser: loadTopologyFromText + trace give the same answer', async () => {
    const fromFile = node.trace(await node.loadTopology(FILE), { from: 'WebServer', to: 'AppServer', port: 3306 });
    const fromText = browser.trace(browser.loadTopologyFromText(readFileSync(FILE, 'utf8'), FILE), { from: 'WebServer', to: 'AppServer', port: 3306 });
    expect(fromFile.reachable).toBe(true);
    expect(fromText).toEqual(fromFile);
  });

  it('bad input is an InputError naming the file', () => {
    const t = browser.loadTopologyFromText(readFileSync(FILE, 'utf8'), FILE);
    expect(() => browser.trace(t, { from: 'Nope', to: 'AppServer', port: 22, file: FILE })).toThrow(browser.InputError);
  });
});

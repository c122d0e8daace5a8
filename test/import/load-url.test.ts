// The browser build's loadTopology(url) (src/import/load-url.ts): same Topology as the Node
// loadTopology(path), same input guards, one InputError naming the URL. Served over local HTTP.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceReference as trace } from '../../src/analyze/trace-reference.js';
import { loadTopology as loadFromPath } from '../../src/import/load.js';
import { loadTopology as loadFromUrl } from '../../src/import/load-url.js';
import { inputErrorOfPromise as errorOf } from '../helpers/input-error.js';

const bodies: Record<string, Uint8Array> = {
  '/two-tier.yaml': readFileSync('examples/two-tier.yaml'),
  '/binary.yaml': Uint8Array.from([0x52, 0x65, 0x00, 0x73]),
};
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = bodies[req.url ?? ''];
    res.statusCode = body ? 200 : 404;
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loadTopology(url) for browsers', () => {
  it('gives the same answers as loadTopology(path) in Node', async () => {
    const fromUrl = await loadFromUrl(`${base}/two-tier.yaml`);
    const fromPath = await loadFromPath('examples/two-tier.yaml');
    expect(fromUrl.instances.map((i) => i.id)).toEqual(fromPath.instances.map((i) => i.id));
    const q = { from: 'Bastion', to: 'AppServer', port: 8080 };
    expect(trace(fromUrl, q)).toEqual(trace(fromPath, q));
  });

  it('HTTP errors, binary data and the size limit are one InputError naming the URL', async () => {
    expect((await errorOf(loadFromUrl(`${base}/missing.yaml`))).message).toBe(`${base}/missing.yaml: cannot fetch (HTTP 404)`);
    expect((await errorOf(loadFromUrl(`${base}/binary.yaml`))).message).toBe(`${base}/binary.yaml: not a text file (NUL byte at offset 2)`);
    expect((await errorOf(loadFromUrl(`${base}/two-tier.yaml`, { maxSizeBytes: 100 }))).message).toMatch(/two-tier\.yaml: file is \d+ bytes, over the 100 bytes limit/);
  });
});

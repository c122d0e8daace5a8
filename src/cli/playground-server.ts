// The playground's web server: node's own http, listening on 127.0.0.1 only, serving the built page
// (dist/web/, npm run build:web) read-only, and the one design the user named at /input/<name>.
// GET and HEAD only; paths are resolved inside the page's folder; .wasm goes out as application/wasm
// (what WebAssembly.instantiateStreaming needs). Requests must name the server by its own address
// (`Host: 127.0.0.1:<port>`, localhost, [::1]): a page on another site whose name is then resolved to
// 127.0.0.1 (DNS rebinding) would otherwise read the design, as a same-origin page.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export interface PlaygroundServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Where the page opens the named design: `?open=input/<name>`, or undefined without one. */
  inputUrl?: string;
  close(): Promise<void>;
}

export const INPUT_PREFIX = '/input/';

export async function startPlaygroundServer(options: { root: string; port: number; input?: string }): Promise<PlaygroundServer> {
  const root = normalize(options.root);
  const inputName = options.input === undefined ? undefined : basename(options.input);
  let ownHost = /^$/;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (!ownHost.test(req.headers.host ?? '')) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('the playground answers only requests to 127.0.0.1, localhost or [::1] on its port');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed');
        return;
      }
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad path');
        return;
      }
      let file: string;
      if (options.input !== undefined && path === `${INPUT_PREFIX}${inputName}`) file = options.input;
      else {
        file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
        if (!file.startsWith(root + sep)) {
          res.writeHead(403, { 'Content-Type': 'text/plain' }).end('outside the page folder');
          return;
        }
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ownHost = new RegExp(`^(?:127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}$`, 'i');
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    ...(inputName !== undefined && { inputUrl: `${url}?open=${encodeURIComponent(`${INPUT_PREFIX.slice(1)}${inputName}`)}` }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

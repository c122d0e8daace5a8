// A tiny static HTTP server for the browser end-to-end test: serves the package root on a random
// local port, sends .wasm as application/wasm (what WebAssembly.instantiateStreaming requires),
// and logs every request so the test can tell which loading path the page took.
// Under /octet/ it serves the same files as application/octet-stream: a misconfigured server,
// which makes the loader fall back from instantiateStreaming to fetch + instantiate.
// .ts files (the test page's own scenario module) are sent as JavaScript, types stripped.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import ts from 'typescript';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The prefix under which every file is sent with the wrong MIME type. */
export const OCTET_PREFIX = '/octet';

export interface ServedRequest {
  path: string;
  status: number;
  contentType: string;
}

export interface StaticServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const requests: ServedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = decodeURIComponent(url.pathname);
      const octet = path.startsWith(`${OCTET_PREFIX}/`);
      if (octet) path = path.slice(OCTET_PREFIX.length);
      const file = normalize(join(root, path));
      let status = 200;
      let contentType = octet ? 'application/octet-stream' : (MIME[extname(file)] ?? 'application/octet-stream');
      let body: Buffer | string;
      if (file !== root && !file.startsWith(root + sep)) {
        [status, contentType, body] = [403, 'text/plain', 'outside the package root'];
      } else {
        try {
          body = await readFile(file);
          if (extname(file) === '.ts') {
            contentType = 'text/javascript; charset=utf-8';
            body = ts.transpileModule(body.toString('utf8'), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
          }
        } catch {
          [status, contentType, body] = [404, 'text/plain', 'not found'];
        }
      }
      requests.push({ path: url.pathname, status, contentType });
      // no-store: every load of the .wasm reaches the server, so the request log shows each fetch.
      res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

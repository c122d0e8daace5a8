// A real redis-server (Debian's package; .ci/run installs it) for the queue tests: on a free loopback
// port (redis has no `--port 0`: a port is taken from the OS by listening on 0, then freed), without
// persistence, stopped by stop(). Also the `vpcsim` processes those tests start (the installed command,
// bin/vpcsim.js) and a way to wait for a line they print.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await waitForLine(child, /Ready to accept connections/, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopProcess(child),
  };
}

const outputs = new WeakMap<ChildProcess, { text: string }>();

/** Keeps what the child prints (stdout and stderr), so waitForLine also sees lines printed before it is called. */
export function track<C extends ChildProcess>(child: C): C {
  const out = { text: '' };
  outputs.set(child, out);
  child.stdout?.on('data', (c: Buffer) => (out.text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out.text += c.toString()));
  return child;
}

/** Resolves with the first line the tracked child printed (stdout or stderr) matching `pattern`. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const out = outputs.get(child);
  if (!out) throw new Error('waitForLine: the child is not tracked');
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const line = out.text.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return false;
      finish(undefined, line);
      return true;
    };
    const onData = (): void => void setImmediate(check);
    const onExit = (code: number | null): void => {
      if (!check()) finish(new Error(`process exited (${code}) before a line matching ${pattern}; saw:\n${out.text}`));
    };
    const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; saw:\n${out.text}`)), timeoutMs);
    const finish = (err?: Error, line?: string): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
    check();
  });
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export interface VpcsimRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every process startVpcsim started, for killLeftovers. */
const started = new Set<ChildProcess>();

/** `node bin/vpcsim.js ...args` as a child process (the installed command), with extra environment. */
export function startVpcsim(args: string[], env: Record<string, string> = {}): ChildProcess & { result: Promise<VpcsimRun> } {
  const child = track(spawn(process.execPath, ['bin/vpcsim.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  started.add(child);
  child.on('exit', () => started.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const result = new Promise<VpcsimRun>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return Object.assign(child, { result });
}

/**
 * SIGKILLs what startVpcsim started and is still running (a test that timed out before its own cleanup):
 * call it in afterAll, so that no `vpcsim worker` outlives the test file.
 */
export async function killLeftovers(): Promise<number> {
  const left = [...started];
  await Promise.all(left.map((child) => stopProcess(child, 'SIGKILL')));
  return left.length;
}

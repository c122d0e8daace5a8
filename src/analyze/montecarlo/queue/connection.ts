// The `--queue redis://host:port[/db]` URL: checked before anything is read (exit 2 when it is not a
// Redis URL), turned into ioredis options whose reconnection is bounded, so that a Redis that is not
// there at the start, or goes away mid-run, ends the command with one line instead of a hang.
// ioredis and BullMQ take about half a second to load: the queue modules import them when first used
// (rollup.config.mjs keeps them out of the CLI bundle), so other commands do not pay for them.
import type { Redis, RedisOptions } from 'ioredis';
import { InputError } from '../../../model/errors.js';
import { quote } from '../../../model/printable.js';

export interface QueueAddress {
  /** The URL as the user gave it, without a password: what messages name. */
  display: string;
  options: RedisOptions;
}

/** Reconnection attempts before a connection gives up (about 3 s: 200, 400 ... 1000 ms apart). */
const RECONNECT_ATTEMPTS = 6;
const CONNECT_TIMEOUT_MS = 3000;

/** Parses `--queue`; `flag` names the option in the message. */
export function parseQueueUrl(text: string, flag = '--queue'): QueueAddress {
  const bad = (why: string): InputError => new InputError(`${flag} ${quote(text)}: ${why}; expected redis://host:port[/db] or rediss://...`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw bad(`the scheme is ${quote(url.protocol.replace(/:$/, ''))}, not redis`);
  if (url.hostname === '') throw bad('no host');
  if (url.search !== '' || url.hash !== '') throw bad('query strings and fragments are not understood');
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('bad port');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) throw bad(`the database ${quote(path)} is not a number`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = {
    host,
    port,
    ...(path !== '' && { db: Number(path) }),
    ...(url.username !== '' && { username: decodeURIComponent(url.username) }),
    ...(url.password !== '' && { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' && { tls: { servername: host } }),
  };
  const display = `${url.protocol}//${url.hostname}:${port}${path === '' ? '' : `/${path}`}`;
  return { display, options };
}

/**
 * ioredis options for the command's connections: a few reconnection attempts, then the connection ends
 * and every waiting command fails (the caller turns that into one line). `maxRetriesPerRequest: null`
 * as BullMQ requires for its blocking connections.
 */
export function boundedOptions(address: QueueAddress): RedisOptions {
  return {
    ...address.options,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => (times > RECONNECT_ATTEMPTS ? null : Math.min(200 * times, 1000)),
  };
}

/**
 * A connection that answered PING, or an InputError naming the URL (exit 2): Redis is not there at the
 * start. Reconnection is bounded (boundedOptions), so this never hangs.
 */
export async function connectRedis(address: QueueAddress): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis({ ...boundedOptions(address), lazyConnect: true });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError = err));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    const reason = (lastError ?? (err instanceof Error ? err : undefined))?.message ?? String(err);
    throw new InputError(`cannot reach Redis at ${address.display}: ${reason}`);
  }
}

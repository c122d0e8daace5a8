// The compiled-image cache of the CLI (issue 16): a large template is imported, validated and
// compiled once; the next command with the same inputs reads the image and the Topology back from
// `<dir>/<key>.vpcimage` (./entry.ts) instead, decoding only the parts of the Topology the answer
// reads (./lazy-topology.ts). The key is a SHA-256 of everything the answer depends on: the
// template's bytes and path (warnings name it), the import options (Region, parameters, account,
// stack name) and the versions (package, engine ABI, image layout, entry format). A hit need not
// read the template: the key it had is recorded with the file's stamp (device, inode, size, mtime and
// ctime in ns), and used while the file keeps that stamp (./file-stamp.ts says when that is safe);
// otherwise the template is hashed. Node only: the browser bundle never imports this folder.
import { createHash } from 'node:crypto';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_ABI_VERSION, IMAGE_VERSION } from '../../../abi/version.js';
import { imageOfWords, SectionWords } from '../../compile/index.js';
import type { LoadOptions } from '../../import/load.js';
import { DEFAULT_MAX_SIZE_BYTES } from '../../import/decode-text.js';
import { assertTopology } from '../../model/guards.js';
import { availabilityZoneNames } from '../../model/network-index.js';
import type { Topology } from '../../model/types.js';
import { compile, useCompiledImage } from '../engine-trace.js';
import { rememberSourcePortIntervals, sourcePortIntervals } from '../resolve.js';
import { NotPlainData } from './codec.js';
import { readEntry, writeEntryWith, type LazySection } from './entry.js';
import { now, recordedKey, recordKey, sameStamp, stampOf, type FileStamp } from './file-stamp.js';

export { CacheEntryDamaged } from './entry.js';
import { openTopology, writeTopology } from './lazy-topology.js';

/** Bumped when the entry layout or the topology encoding changes. */
const ENTRY_FORMAT = 8;

/** Below this size the default cache is not used: importing a small template is faster than hashing and reading an entry. */
export const DEFAULT_CACHE_MIN_BYTES = 1024 * 1024;

export interface CacheOptions {
  /** The cache directory; undefined: no cache. */
  dir?: string;
  /** Inputs smaller than this many bytes are not cached (default 0: every file). */
  minBytes?: number;
  /** The package version, part of the key (the CLI passes its own: src/version.ts is above this layer). */
  version: string;
  /**
   * Check the whole entry when it is opened, not block by block as the answer reads it: for a caller
   * that prints as it goes and so cannot start over on CacheEntryDamaged (`trace --flows`).
   */
  readAll?: boolean;
  /** Do not read the entry (it threw CacheEntryDamaged): import, and store a new one. */
  rebuild?: boolean;
}

/** How the topology was obtained: from the cache, imported and stored, imported after refusing a bad entry, or without the cache. */
export type CacheOutcome = 'hit' | 'miss' | 'rebuilt' | 'off';

/** `$XDG_CACHE_HOME/vpcsim`, else `~/.cache/vpcsim`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'vpcsim');
}

function versionsOf(version: string): string {
  return `vpcsim ${version}, engine ABI ${ENGINE_ABI_VERSION}, image ${IMAGE_VERSION}, entry ${ENTRY_FORMAT}`;
}

/** The design as the user names it (path and import options), without its text or the versions. */
function designInputs(file: string, opts: LoadOptions): string {
  const params = Object.entries(opts.params ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ file, region: opts.region ?? null, params, accountId: opts.accountId ?? null, stackName: opts.stackName ?? null });
}

function keyHash(file: string, opts: LoadOptions, versions: string) {
  return createHash('sha256').update(versions).update('\u0000').update(designInputs(file, opts)).update('\u0000');
}

/** The SHA-256 of the inputs, hex: the template's bytes as read (a hit never decodes them to text). */
export function cacheKey(file: string, bytes: Uint8Array, opts: LoadOptions, versions: string): string {
  return keyHash(file, opts, versions).update(bytes).digest('hex');
}

/** A key hashed from the file, with the file's stamp when it was the same before and after the read (./file-stamp.ts). */
interface HashedKey {
  key: string;
  stamp?: FileStamp;
  readAt: bigint;
}

/**
 * cacheKey() of the regular file `path`, hashed as it is read through one 1 MB buffer: a hit never
 * holds the template in memory. Undefined when it is smaller than `minBytes` or larger than `limit`
 * (readFileBytes then reads it, or says what is wrong).
 */
async function keyOfFile(path: string, opts: LoadOptions, versions: string, minBytes: number, limit: number): Promise<HashedKey | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const readAt = now();
    const before = stampOf(await handle.stat({ bigint: true }));
    const hash = keyHash(path, opts, versions);
    const buffer = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) return undefined;
      hash.update(buffer.subarray(0, bytesRead));
    }
    if (total < minBytes) return undefined;
    const after = stampOf(await handle.stat({ bigint: true }));
    return { key: hash.digest('hex'), readAt, ...(sameStamp(before, after) ? { stamp: before } : {}) };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * `<design>-<key>.vpcimage`: the first part hashes the path and options only, so storing an entry
 * removes the older entries of the same design (an edited template, another package version) and
 * the cache holds one entry per design and options, not one per edit.
 */
function entryName(file: string, opts: LoadOptions, key: string): string {
  return `${designOf(file, opts)}-${key}.vpcimage`;
}

/**
 * The key a hit takes from the stamp record, without reading `path`: undefined when there is no record
 * for the file as it is now (then the file is hashed). For tests and diagnostics.
 */
export async function keyFromStamp(path: string, opts: LoadOptions, cache: CacheOptions): Promise<string | undefined> {
  const info = await stat(path, { bigint: true }).catch(() => undefined);
  if (cache.dir === undefined || !info?.isFile()) return undefined;
  return recordedKey(cache.dir, designOf(path, opts), versionsOf(cache.version), stampOf(info));
}

/** The hash of the design's path and options: the first part of its entries' names, and the name of its stamp record. */
function designOf(file: string, opts: LoadOptions): string {
  return createHash('sha256').update(designInputs(file, opts)).digest('hex').slice(0, 16);
}

/** Removes the entries of `design` other than `keep` (best effort: another process may be doing the same). */
async function removeOlderEntries(dir: string, design: string, keep: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(`${design}-`) && n.endsWith('.vpcimage') && n !== keep).map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
}

/**
 * The validated Topology of `path`, with its compiled image ready for trace(): from the cache when an
 * entry for the same inputs is there and whole; else imported, compiled and stored. A directory
 * (describe-* snapshot) is never cached. A cache that cannot be written is not an error: the answer
 * does not depend on it.
 */
export interface Loaded {
  topology: Topology;
  cache: CacheOutcome;
  /**
   * After a miss: writes the entry (encoding a large topology takes a while, so the CLI calls it once
   * the answer is printed). Never throws for an unwritable directory or a full disk.
   */
  store?: () => Promise<void>;
}

/** Where a load is (a long load's progress line): the stage and the fraction of the whole load done. */
export type LoadStageListener = (stage: string, fraction: number) => void;

export async function loadCompiled(path: string, opts: LoadOptions, cache: CacheOptions, onStage?: LoadStageListener): Promise<Loaded> {
  const { dir } = cache;
  // Import is most of a cold load; validation and compile share the rest.
  const staged: LoadOptions = onStage ? { ...opts, onStage: (stage) => onStage(stage, stage === 'importing' ? 0.05 : 0.6) } : opts;
  const compileProgress = onStage ? (done: number, total: number) => onStage('compiling', 0.75 + (0.25 * done) / total) : undefined;
  onStage?.('reading', 0);
  // The importer is loaded only when a template is read: a hit needs none of it (in the CLI bundle, its own chunks).
  const importer = () => Promise.all([import('../../import/load.js'), import('../../import/read-input.js')]).then(([load, read]) => ({ ...load, ...read }));
  const uncached = async (): Promise<Loaded> => ({ topology: compiledNow(await (await importer()).loadTopology(path, staged), compileProgress), cache: 'off' });
  if (dir === undefined) return uncached();
  // A directory (describe-* snapshot) or a path that is not there: loadTopology reads it and names what is wrong.
  const info = await stat(path, { bigint: true }).catch(() => undefined);
  if (!info?.isFile()) return uncached();
  const versions = versionsOf(cache.version);
  const minBytes = cache.minBytes ?? 0;
  const limit = opts.maxSizeBytes ?? DEFAULT_MAX_SIZE_BYTES;
  const design = designOf(path, opts);
  // The key of the file as it was hashed, with its stamp: recorded once an entry for it is there.
  let hashed: HashedKey | undefined;
  if (!cache.rebuild && info.size >= minBytes && info.size <= limit) {
    // The key from the stamp record when the file has not changed since (no read of the template), else hashed.
    const known = await recordedKey(dir, design, versions, stampOf(info));
    if (known === undefined) hashed = await keyOfFile(path, opts, versions, minBytes, limit);
    const key = known ?? hashed?.key;
    const hit = key === undefined ? undefined : await cachedTopology(path, key, versions, opts, cache, onStage);
    if (hit) {
      if (hashed?.stamp) await recordKey(dir, design, versions, hashed.key, hashed.stamp, hashed.readAt);
      return hit;
    }
  }
  // A miss: the bytes are read (again) and hashed from what is imported, so the entry stored is the
  // one of these bytes even if the file changed since it was hashed.
  const { readFileBytes, loadTopologyFromHeldBytes, warmUpScan } = await importer();
  // V8 compiles the template scan in the background while the file is read (scan-warm-up.ts).
  warmUpScan(Number(info.size));
  // Handed over to the import, which drops the bytes once read (load-bytes.ts): this frame keeps only `read`.
  const read = await readFileBytes(path, opts.maxSizeBytes);
  const file = read.file;
  if (read.bytes.length < minBytes) return { topology: compiledNow(loadTopologyFromHeldBytes(read, file, staged), compileProgress), cache: 'off' };
  const key = cacheKey(file, read.bytes, opts, versions);
  const name = entryName(file, opts, key);
  const entryPath = join(dir, name);
  // Whether an entry for these bytes was there but refused (the outcome says 'rebuilt').
  const refused = cache.rebuild || (await stat(entryPath).then(() => true, () => false));
  const warnings: string[] = [];
  const topology = loadTopologyFromHeldBytes(read, file, {
    ...staged,
    warn: (message) => {
      warnings.push(message);
      opts.warn?.(message);
    },
  });
  const { image } = compile(topology, compileProgress);
  const store = async () => {
    try {
      const derived = { zones: availabilityZoneNames(topology), intervals: sourcePortIntervals(topology) };
      await writeEntryWith(entryPath, key, versions, warnings, (out) => writeTopology(topology, image.stored instanceof SectionWords ? image.stored : image.words, derived, out));
      await removeOlderEntries(dir, design, name);
      // The stamp the file had when it was hashed, if what was imported is what was hashed.
      if (hashed?.stamp && hashed.key === key) await recordKey(dir, design, versions, key, hashed.stamp, hashed.readAt);
    } catch (err) {
      // Unwritable directory, full disk, or a topology the encoding cannot hold: answer without the cache.
      if (!(err instanceof NotPlainData) && !(err instanceof Error && 'code' in err)) throw err;
    }
  };
  return { topology, cache: refused ? 'rebuilt' : 'miss', store };
}

/** The topology of the entry for `key`, ready to trace; undefined when there is none or it does not check out. */
async function cachedTopology(file: string, key: string, versions: string, opts: LoadOptions, cache: CacheOptions, onStage?: LoadStageListener): Promise<Loaded | undefined> {
  const name = entryName(file, opts, key);
  onStage?.('reading the cache', 0.02);
  const entry = await readEntry(join(cache.dir!, name), key, versions, cache.readAll);
  if (typeof entry !== 'object') return undefined;
  onStage?.('decoding', 0.2);
  const opened = openedTopology(entry.eager, entry.lazy, entry.meta);
  if (!opened) return undefined;
  onStage?.('indexing', 0.9);
  const { topology, words, derived } = opened;
  useCompiledImage(topology, imageOfWords(topology, words, derived.zones));
  rememberSourcePortIntervals(topology, derived.intervals);
  for (const w of entry.warnings) opts.warn?.(w);
  return { topology, cache: 'hit' };
}

/** Compiled before the trace, so a long compile is on the progress line too. */
function compiledNow(t: Topology, onProgress: ((done: number, total: number) => void) | undefined): Topology {
  if (onProgress) compile(t, onProgress);
  return t;
}

function openedTopology(eager: Uint8Array[], lazy: LazySection[], meta: unknown): ReturnType<typeof openTopology> {
  try {
    const opened = openTopology(eager, lazy, meta);
    if (opened) assertTopology(opened.topology, 'cache');
    return opened;
  } catch {
    return undefined;
  }
}

// The template's stamp (issue 16): a hit used to read and hash the whole template (34 MB at 1,000
// VPCs) only to find the key it had the last time. A small record beside the entries,
// `<design>.vpcstamp`, remembers the key with the file's stamp as git's index does: device, inode,
// size, and modification and change times in nanoseconds. A later call whose file has the same stamp
// takes the key from the record without reading the file; any difference, or no record, and the file
// is hashed as before.
//
// Why a same stamp means the same bytes: writing to a file sets its mtime and ctime to the time of the
// write, and ctime cannot be set by a user (`touch -r`, `cp -p` or utimes() restore mtime and so set
// ctime to now); replacing the file (an editor's rename, `cp` over it, a symlink pointed elsewhere)
// changes the inode. The one gap is a write within the same clock tick as the stamp's times (file
// systems keep times in ticks of up to 2 s, FAT's): the "racy git" case. So a stamp is recorded only
// when the file had not changed for SETTLED before it was read, and only when its stamp was the same
// before and after the read; at use, its times must again be SETTLED older than when it was read.
// This assumes the file system's clock is this machine's (a network file system whose server clock
// is off by more than SETTLED could fool it, as it fools git and make).
import { createHash, randomBytes } from 'node:crypto';
import { rename, readFile, rm, writeFile } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join } from 'node:path';

/** How long before it was read a file must have stopped changing for its stamp to be trusted (ns). */
export const SETTLED = 2_000_000_000n;

export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export const stampOf = (s: BigIntStats): FileStamp => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs });

export const sameStamp = (a: FileStamp, b: FileStamp): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** A file with stamp `s`, read at `readAt` (ns since the epoch), had stopped changing SETTLED before. */
export const settled = (s: FileStamp, readAt: bigint): boolean => s.mtimeNs <= readAt - SETTLED && s.ctimeNs <= readAt - SETTLED;

/** Now, as file times count: ns since the epoch. */
export const now = (): bigint => BigInt(Date.now()) * 1_000_000n;

interface StampRecord {
  versions: string;
  key: string;
  stamp: Record<keyof FileStamp, string>;
  readAt: string;
  /** SHA-256 of the fields above: a record changed on disk is not used. */
  check: string;
}

const FIELDS: Array<keyof FileStamp> = ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'];
const recordPath = (dir: string, design: string) => join(dir, `${design}.vpcstamp`);
const checkOf = (r: Omit<StampRecord, 'check'>) => createHash('sha256').update(JSON.stringify([r.versions, r.key, FIELDS.map((f) => r.stamp[f]), r.readAt])).digest('hex');

/** The key recorded for a file of stamp `now` (the file as it is), or undefined: no record, another stamp or versions, or not settled. */
export async function recordedKey(dir: string, design: string, versions: string, now: FileStamp): Promise<string | undefined> {
  let r: StampRecord;
  try {
    r = JSON.parse(await readFile(recordPath(dir, design), 'utf8')) as StampRecord;
    if (typeof r?.key !== 'string' || typeof r.readAt !== 'string' || r.check !== checkOf(r) || r.versions !== versions) return undefined;
    const stamp = Object.fromEntries(FIELDS.map((f) => [f, BigInt(r.stamp[f])])) as unknown as FileStamp;
    return sameStamp(stamp, now) && settled(stamp, BigInt(r.readAt)) ? r.key : undefined;
  } catch {
    return undefined;
  }
}

/** Records `key` for a file that had `stamp` before and after it was read at `readAt`; nothing when it was not settled. Best effort. */
export async function recordKey(dir: string, design: string, versions: string, key: string, stamp: FileStamp, readAt: bigint): Promise<void> {
  if (!settled(stamp, readAt)) return;
  const fields = { versions, key, stamp: Object.fromEntries(FIELDS.map((f) => [f, String(stamp[f])])) as StampRecord['stamp'], readAt: String(readAt) };
  const record: StampRecord = { ...fields, check: checkOf(fields) };
  const path = recordPath(dir, design);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(record), { flag: 'wx', mode: 0o600 });
    await rename(temporary, path);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

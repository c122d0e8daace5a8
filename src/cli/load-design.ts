// How a command that answers questions about one design loads it (issue 16): through the compiled-image
// cache (src/analyze/image-cache/), so a repeated question on a large design skips the import, the
// validation and the compile, whichever command asks it; with a progress line when the load is long.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_CACHE_MIN_BYTES, defaultCacheDir, loadCompiled, type CacheOptions, type Loaded } from '../analyze/image-cache/index.js';
import type { LoadOptions } from '../import/load.js';
import { InputError } from '../model/errors.js';
import { printable } from '../model/printable.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { stageLine } from './stage-line.js';

export type { Loaded };

export interface CacheFlags {
  /** `--cache DIR`: a directory; `--no-cache`: false; neither: undefined (the default directory). */
  cache?: string | false;
}

export function addCacheOptions(cmd: Command): Command {
  return cmd
    .option('--cache <dir>', 'keep compiled images in this directory (default: $XDG_CACHE_HOME/vpcsim or ~/.cache/vpcsim, for inputs of 1 MB or more)')
    .option('--no-cache', 'neither read nor write the compiled-image cache');
}

/** The image cache the flags ask for: `--cache DIR` caches any input there; by default, inputs of 1 MB or more go to $XDG_CACHE_HOME/vpcsim. */
export function cacheOptionsFrom(flags: { cache?: string | boolean }): CacheOptions {
  if (flags.cache === false) return { version: VERSION };
  if (typeof flags.cache === 'string') {
    if (flags.cache.trim() === '') throw new InputError('--cache: expected a directory');
    return { dir: flags.cache, version: VERSION };
  }
  return { dir: defaultCacheDir(), minBytes: DEFAULT_CACHE_MIN_BYTES, version: VERSION };
}

/** loadCompiled with a progress line on the terminal when the load takes over a second. */
export async function loadDesign(file: string, load: LoadOptions, cache: CacheOptions, io: CliIO): Promise<Loaded> {
  // `-` is standard input for validate only (this load is cached by path); say so rather than ENOENT.
  if (file === '-' && !existsSync(file)) throw new InputError('standard input (-) is read by `vpcsim validate` only: give this command a file', { file });
  const line = stageLine(io.stderrTerminal, `loading ${printable(file)}`);
  try {
    return await loadCompiled(file, load, cache, line?.stage);
  } finally {
    line?.done();
  }
}

/**
 * The design for a command other than a single trace: its answer reads much of the topology and
 * may print as it goes, so a cache entry is checked whole when opened (a damaged one is rebuilt
 * from the template then, never met halfway through the answer).
 */
export function loadWholeDesign(file: string, load: LoadOptions, flags: CacheFlags, io: CliIO): Promise<Loaded> {
  return loadDesign(file, load, { ...cacheOptionsFrom(flags), readAll: true }, io);
}

// loadTopology for browsers: the same call as in Node (./load.ts), given a URL instead of a path.
// The response goes through the same guards as a file (size limit, binary data, empty) and then
// loadTopologyFromBytes (decodeText's checks); describe-* snapshots are one merged JSON document here (no directories).
import { InputError } from '../model/errors.js';
import type { Topology } from '../model/types.js';
import { DEFAULT_MAX_SIZE_BYTES } from './decode-text.js';
import { loadTopologyFromBytes } from './load-bytes.js';
import type { LoadOptions } from './load-text.js';

/**
 * Fetches, imports and validates a template or describe-* snapshot at `url` (browsers); over `maxSizeBytes`
 * (50 MB) or bad input throws an InputError naming it.
 */
export async function loadTopology(url: string | URL, opts: LoadOptions = {}): Promise<Topology> {
  const file = String(url);
  const limit = opts.maxSizeBytes ?? DEFAULT_MAX_SIZE_BYTES;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new InputError(`cannot fetch (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  if (!response.ok) throw new InputError(`cannot fetch (HTTP ${response.status})`, { file });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new InputError(`file is ${declared} bytes, over the ${limit} bytes limit (maxSizeBytes)`, { file });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw new InputError(`file is ${bytes.length} bytes, over the ${limit} bytes limit (maxSizeBytes)`, { file });
  return loadTopologyFromBytes(bytes, file, opts);
}

// The playground refuses a chosen or dropped file over the library's size limit (the CLI's default
// --max-size, 50 MB) before reading it, as the CLI does, with one line naming the file and its size.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SIZE_BYTES } from '../../src/import/size-limit.js';
import { oversizeError } from '../../web/open-limits.js';

const MB = 1024 * 1024;

describe('oversizeError (web/open-limits.ts)', () => {
  it('one file over the limit is named with its size and the limit', () => {
    expect(DEFAULT_MAX_SIZE_BYTES).toBe(50 * MB);
    expect(oversizeError([{ name: 'big.json', size: 60 * MB }])).toBe('big.json: file is 60 MB, over the 50 MB limit (the CLI reads larger files with --max-size)');
    expect(oversizeError([{ name: 'a.json', size: 1 }, { name: 'b.json', size: 50 * MB + 1 }])).toMatch(/^b\.json: file is 50 MB, over the 50 MB limit/);
  });

  it('several files together over the limit are refused as one snapshot; at the limit they are read', () => {
    expect(oversizeError([{ name: 'a.json', size: 30 * MB }, { name: 'b.json', size: 30 * MB }])).toBe('2 files: 60 MB in all, over the 50 MB limit (the CLI reads larger snapshots with --max-size)');
    expect(oversizeError([{ name: 'a.json', size: 25 * MB }, { name: 'b.json', size: 25 * MB }])).toBeUndefined();
    expect(oversizeError([{ name: 'a.yaml', size: 50 * MB }])).toBeUndefined();
    expect(oversizeError([])).toBeUndefined();
  });
});

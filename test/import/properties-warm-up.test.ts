// The properties reader's warm-up (properties-warm-up.ts) is there to run each branch of the reader
// before a big template's first resource: every map it reads must be taken by the reader (not left to
// resolveValue) and read as resolveValue reads the parsed text with the same host.
import { describe, expect, it } from 'vitest';
import { resolveValue } from '../../src/import/cloudformation/intrinsics.js';
import { PropertiesText } from '../../src/import/cloudformation/properties-text.js';
import { WARM_UP_MAPS, WarmUpHost } from '../../src/import/cloudformation/properties-warm-up.js';
import { NO_VALUE, type TemplateValue } from '../../src/import/cloudformation/values.js';

/** Null-prototype maps and plain ones compared alike; NoValue spelled out. */
function plain(v: unknown): unknown {
  if (v === NO_VALUE) return 'NO_VALUE';
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).map((k) => [k, plain((v as Record<string, unknown>)[k])]));
  return v;
}

describe('properties reader warm-up', () => {
  it('every warm-up map is taken by the reader and reads as resolveValue reads it', () => {
    const text = WARM_UP_MAPS.join(',');
    const host = new WarmUpHost(text);
    const scope = { logicalId: 'WarmUp', resourceType: 'AWS::EC2::VPC', field: 'Properties' };
    const reader = new PropertiesText(text);
    let start = 0;
    for (const map of WARM_UP_MAPS) {
      const end = start + map.length;
      const read = reader.read(start, end, host, scope);
      expect(read, map).toBeDefined();
      expect(plain(read)).toEqual(plain(resolveValue(JSON.parse(map) as TemplateValue, host, scope)));
      start = end + 1;
    }
  });
});

// The Regions and services of the public service endpoints (TRACE-14) are listed in docs/semantics.md
// ("Public service endpoints — CHOICE"); the list there and the data module must say the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_REGIONS, SERVICES, publicServiceAddress, serviceRegionPrefix } from '../../src/model/aws-service-endpoints.js';
import { formatAddress, inPrefix } from '../../src/model/ip.js';

const doc = readFileSync('docs/semantics.md', 'utf8').replace(/\s+/g, ' ');
const choice = doc.slice(doc.indexOf('**Public service endpoints — CHOICE'));

describe('public service endpoints data (TRACE-14 CHOICE)', () => {
  it('docs/semantics.md names every Region with its prefix, and every service in order', () => {
    for (const region of SERVICE_REGIONS) expect(choice).toContain(`${region} ${serviceRegionPrefix(region)!.text}`);
    expect(choice).toContain(`list: ${SERVICES.join(', ')} (`);
  });

  it('every address lies in its Region prefix, is distinct and is the documented network + 16 + position', () => {
    for (const region of SERVICE_REGIONS) {
      const prefix = serviceRegionPrefix(region)!;
      const addresses = SERVICES.map((s) => publicServiceAddress(region, s)!);
      for (const a of addresses) expect(inPrefix(prefix, 4, a)).toBe(true);
      expect(new Set(addresses).size).toBe(SERVICES.length);
    }
    expect(formatAddress(4, publicServiceAddress('us-east-1', 'sns')!)).toBe('52.94.244.16');
    expect(publicServiceAddress('us-east-1', 'nosuch')).toBeUndefined();
    expect(publicServiceAddress('mars-north-1', 'sns')).toBeUndefined();
  });
});

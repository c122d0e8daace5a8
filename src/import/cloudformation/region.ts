// C-5: the Region of a template: --region, else the one named by every literal Availability Zone,
// else us-east-1. Also the zone names Fn::GetAZs returns and the partition pseudo parameters.
import { InputError } from '../../model/errors.js';
import { DEFAULT_REGION } from '../options.js';
import { isTemplateMap, type TemplateValue } from './values.js';

const AZ = /^([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})([a-z])$/;

/** Zone letters per Region where they are not a..c. */
const ZONE_LETTERS: Record<string, string> = {
  'us-east-1': 'abcdef',
  'us-west-2': 'abcd',
  'ap-northeast-1': 'acd',
  'ap-northeast-2': 'abcd',
};

export function availabilityZones(region: string): string[] {
  return [...(ZONE_LETTERS[region] ?? 'abc')].map((letter) => `${region}${letter}`);
}

/**
 * Checks a literal Availability Zone: a zone name of the template's Region (`us-east-1a` in
 * us-east-1; `mars-1a` or `eu-west-1a` there is refused, as CloudFormation refuses it). Returns why not, or undefined.
 */
export function zoneProblem(zone: string, region: string): string | undefined {
  const zoneRegion = regionOfZone(zone);
  if (zoneRegion === region) return undefined;
  return zoneRegion === undefined ? 'is not an Availability Zone name (Region + letter, e.g. us-east-1a)' : `is in ${zoneRegion}, not in the template's Region ${region}`;
}

/** The Region of a zone name (`us-west-2a` -> `us-west-2`), or undefined. */
function regionOfZone(zone: string): string | undefined {
  return AZ.exec(zone)?.[1];
}

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' };
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

interface Sighting {
  zone: string;
  where: string;
}

/** Cheap test before the regular expression (big templates hold a few million strings): a zone name ends in digit + letter. */
function mayBeZone(text: string): boolean {
  const n = text.length;
  if (n < 7) return false;
  const last = text.charCodeAt(n - 1);
  const digit = text.charCodeAt(n - 2);
  return last >= 0x61 && last <= 0x7a && digit >= 0x30 && digit <= 0x39;
}

/** Literal zone names seen: the first of each Region in the order they were met, and where. */
export class ZoneSightings {
  readonly seen = new Map<string, Sighting>();

  /**
   * Visits a resource's properties; returns how many member names they have (template-slices.ts counts
   * them in this walk). A resource's `where` text is built only for a zone seen (a big template has
   * 100,000s of resources).
   */
  visitResource(logicalId: string, properties: TemplateValue): number {
    return this.visit(properties, { logicalId });
  }

  /** Returns the number of member names of the maps in `value`. */
  visit(value: TemplateValue, where: string | { logicalId: string }): number {
    let names = 0;
    if (typeof value === 'string') {
      if (!mayBeZone(value)) return 0;
      const region = regionOfZone(value);
      if (region && !this.seen.has(region)) this.seen.set(region, { zone: value, where: typeof where === 'string' ? where : `'${where.logicalId}'` });
    } else if (Array.isArray(value)) {
      for (const v of value) names += this.visit(v, where);
    } else if (isTemplateMap(value)) {
      for (const k in value) names += 1 + this.visit(value[k]!, where);
    }
    return names;
  }
}

/**
 * Scans literal strings (parameter values, then resource properties) for zone names. `resources`: the
 * resources to scan, or what a scan of their properties (in this order) found already (template-slices.ts).
 */
export function inferRegion(
  explicit: string | undefined,
  resources: Iterable<{ logicalId: string; properties: TemplateValue }> | ZoneSightings,
  parameters: Map<string, TemplateValue>,
  file: string,
): string {
  if (explicit) return explicit;
  const sightings = new ZoneSightings();
  for (const [name, value] of parameters) sightings.visit(value, `parameter '${name}'`);
  if (resources instanceof ZoneSightings) {
    // Each Region's first sighting among the resources, after the parameters' ones: what one scan of both finds.
    for (const [region, sighting] of resources.seen) if (!sightings.seen.has(region)) sightings.seen.set(region, sighting);
  } else {
    for (const r of resources) sightings.visitResource(r.logicalId, r.properties);
  }
  const found = [...sightings.seen.entries()];
  if (found.length > 1) {
    const [a, b] = found as [[string, Sighting], [string, Sighting]];
    throw new InputError(
      `literal Availability Zones of two Regions: ${a[1].zone} (${a[1].where}) and ${b[1].zone} (${b[1].where}); pass --region or use one Region (C-5)`,
      { file, code: 'RegionConflict' },
    );
  }
  return found[0]?.[0] ?? DEFAULT_REGION;
}

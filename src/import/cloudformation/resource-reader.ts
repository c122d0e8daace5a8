// One resource of a JSON template read resource by resource (template-slices.ts), as the scan
// (template-scan.ts) found it: its ResourceSlice, built from the scan's rows and the text, and what
// the import needs of it before mapping (the zones it names, the resources it names).
import { forEachReference } from './dependencies.js';
import type { LogicalIdIndex } from './logical-id-index.js';
import { ZoneSightings } from './region.js';
import {
  DEF_END,
  DEF_START,
  FLAGS,
  type IntList,
  NAMES,
  PLAIN,
  PROPS_END,
  PROPS_START,
  REFS_FROM,
  REFS_TO,
  TYPE_END,
  TYPE_START,
  ZONES_FROM,
  ZONES_TO,
} from './scan-rows.js';
import type { TemplateScan } from './template-scan.js';
import { adoptJson } from './template-text.js';
import { isTemplateMap, newMap, type TemplateMap, type TemplateValue } from './values.js';

/** One resource of the text: its logical id, its definition and where that is in the text. */
export interface ResourceSlice {
  readonly logicalId: string;
  /** Its definition; Properties is PROPERTIES_IN_TEXT when they are left in the text (to be read from start..end). */
  readonly def: TemplateValue;
  /** Where its Properties map is in the text, or -1 (no literal "Properties" member). */
  readonly start: number;
  readonly end: number;
  /**
   * The logical ids its properties name by Ref, Fn::GetAtt or Fn::Sub that are resources of the
   * template (positions in text order, repeats kept); undefined when an Fn::If decides them (then the
   * properties are kept: which branch counts is known only once the conditions are).
   */
  readonly references: readonly number[] | undefined;
}

/** Stands for a resource's Properties map, to be read from the text when needed. */
export const PROPERTIES_IN_TEXT: TemplateMap = Object.freeze(Object.setPrototypeOf({}, null) as TemplateMap);

const NO_REFERENCES: readonly number[] = Object.freeze([]);

/** A resource the scan vouched for; the resources it names are looked up when asked (once, by the resolver). */
class ScannedSlice implements ResourceSlice {
  constructor(
    private readonly reader: ResourceReader,
    private readonly position: number,
    readonly logicalId: string,
    readonly def: TemplateValue,
    readonly start: number,
    readonly end: number,
  ) {}

  get references(): readonly number[] {
    return this.reader.references(this.position);
  }
}

/** Builds each resource's ResourceSlice from the scan, in text order (the order zones are seen in). */
export class ResourceReader {
  readonly zones = new ZoneSightings();
  /** Type strings met: one flat copy of each (a substring would hold the text). */
  private readonly types = new Map<string, string>();
  private lastType = '';
  private readonly defsWithProperties = new Map<string, TemplateMap>();
  private readonly defsWithout = new Map<string, TemplateMap>();
  private lastDef?: TemplateMap;
  private readonly found: number[] = [];
  private conditional = false;
  private readonly onCondition = (): undefined => {
    this.conditional = true;
    return undefined;
  };
  private readonly onReference = (_kind: string, name: string): void => {
    const at = this.position.get(name);
    if (at !== undefined) this.found.push(at);
  };

  constructor(
    private readonly scan: TemplateScan,
    /** The scanned text. */
    private readonly text: string,
    private readonly position: LogicalIdIndex,
    private readonly ids: readonly string[],
    /** Per reference of the scan (template-scan.ts `references`, by pair): the position of the resource it names, or -1. */
    private readonly resolved: Int32Array,
    private readonly drop: boolean,
  ) {}

  get count(): number {
    return this.ids.length;
  }

  /** Resource r's definition is `{"Type": ..., "Properties": {...}}` or `{"Type": ...}`, as the scan found it. */
  isPlain(r: number): boolean {
    return (this.scan.row(r, FLAGS) & PLAIN) !== 0;
  }

  /** A resource the scan vouches for: its properties are left in the text (parsed when it is mapped). */
  scanned(r: number): ResourceSlice {
    const scan = this.scan;
    const text = this.text;
    const start = scan.row(r, PROPS_START);
    const end = scan.row(r, PROPS_END);
    let def: TemplateMap;
    if (scan.row(r, FLAGS) & PLAIN) {
      def = this.plainDef(this.type(scan.row(r, TYPE_START), scan.row(r, TYPE_END)), start >= 0);
    } else {
      // Other members (DependsOn, Condition, Metadata ...): the definition parsed without its properties.
      const defStart = scan.row(r, DEF_START);
      const defEnd = scan.row(r, DEF_END);
      def = JSON.parse(start < 0 ? text.slice(defStart, defEnd) : `${text.slice(defStart, start)}{}${text.slice(end, defEnd)}`) as TemplateMap;
      adoptJson(def);
      if (start >= 0) def.Properties = PROPERTIES_IN_TEXT;
    }
    return new ScannedSlice(this, r, this.ids[r]!, def, start, end);
  }

  /** The strings of resource r's properties that may be zones, seen in text order. */
  seeZones(r: number): void {
    const scan = this.scan;
    const zones = scan.zones.data;
    for (let z = scan.row(r, ZONES_FROM); z < scan.row(r, ZONES_TO); z += 2) {
      // A flat copy (JSON.parse), as the Region found may outlive the text.
      this.zones.visitResource(this.ids[r]!, JSON.parse(this.text.slice(zones[z]! - 1, zones[z + 1]! + 1)) as string);
    }
  }

  /** The positions of the resources resource r's properties name (Ref, Fn::GetAtt), in text order. */
  references(r: number): readonly number[] {
    const scan = this.scan;
    const resolved = this.resolved;
    const found = this.found;
    found.length = 0;
    for (let k = scan.row(r, REFS_FROM) >> 1; k < scan.row(r, REFS_TO) >> 1; k++) {
      const at = resolved[k]!;
      if (at >= 0) found.push(at);
    }
    return found.length === 0 ? NO_REFERENCES : found.slice();
  }

  /** references(r), appended to `out`. */
  appendReferences(r: number, out: IntList): void {
    const scan = this.scan;
    const resolved = this.resolved;
    for (let k = scan.row(r, REFS_FROM) >> 1; k < scan.row(r, REFS_TO) >> 1; k++) {
      const at = resolved[k]!;
      if (at >= 0) out.push(at);
    }
  }

  /** `{Type, Properties: PROPERTIES_IN_TEXT}` or `{Type}`: one frozen object for all such resources of a type (nothing writes to a definition). */
  private plainDef(type: string, withProperties: boolean): TemplateMap {
    // Resources of a type usually come together.
    const last = this.lastDef;
    if (last !== undefined && last.Type === type && (last.Properties !== undefined) === withProperties) return last;
    const defs = withProperties ? this.defsWithProperties : this.defsWithout;
    let def = defs.get(type);
    if (!def) {
      def = newMap();
      def.Type = type;
      if (withProperties) def.Properties = PROPERTIES_IN_TEXT;
      defs.set(type, Object.freeze(def));
    }
    this.lastDef = def;
    return def;
  }

  private type(start: number, end: number): string {
    const last = this.lastType;
    // Resources of a type usually come together: compare in place before looking up.
    if (last.length === end - start - 2 && this.text.startsWith(last, start + 1)) return last;
    const written = this.text.slice(start + 1, end - 1);
    let type = this.types.get(written);
    if (type === undefined) {
      type = JSON.parse(this.text.slice(start, end)) as string;
      this.types.set(type, type);
    }
    this.lastType = type;
    return type;
  }

  /**
   * A resource the scan does not vouch for (template-scan.ts SLOW), parsed: its member names must be as
   * many as the text has (else a key repeats), and what the import needs of it before mapping is
   * collected from the parsed value. On a big template its properties are then dropped (read again
   * from the text when mapped) unless an Fn::If decides its references.
   */
  parsed(r: number, logicalId: string): ResourceSlice | undefined {
    const scan = this.scan;
    let def: TemplateValue;
    try {
      def = JSON.parse(this.text.slice(scan.row(r, DEF_START), scan.row(r, DEF_END))) as TemplateValue;
    } catch {
      return undefined;
    }
    let names = 0;
    let references: readonly number[] | undefined = NO_REFERENCES;
    const start = scan.row(r, PROPS_START);
    const properties = isTemplateMap(def) ? def.Properties : undefined;
    if (isTemplateMap(def) && isTemplateMap(properties)) {
      // The definition loses its prototype (template values have none), the properties only if kept.
      Object.setPrototypeOf(def, null);
      for (const key in def) {
        names++;
        if (key !== 'Properties') names += adoptJson(def[key]!);
      }
      // Text order is key order here (no integer-like ids), the order a scan of the parsed template
      // takes. This walk also counts the properties' member names.
      names += this.zones.visitResource(logicalId, properties);
      this.found.length = 0;
      this.conditional = false;
      forEachReference(properties, this.onCondition, this.onReference);
      if (this.conditional) {
        references = undefined;
        adoptJson(properties);
      } else {
        references = this.found.length === 0 ? NO_REFERENCES : this.found.slice();
        // Dropped only when the text has them as a literal "Properties" map (not written with an escape).
        if (this.drop && start >= 0) def.Properties = PROPERTIES_IN_TEXT;
        else adoptJson(properties);
      }
    } else {
      names += adoptJson(def);
    }
    if (names !== scan.row(r, NAMES)) return undefined;
    return { logicalId, def, start, end: scan.row(r, PROPS_END), references };
  }
}

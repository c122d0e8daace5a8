// One resource of a template as the resolver (./template.ts) holds it: what the import works out for
// it once (created or not, physical id, resolved properties), and where its properties are in the text.
import type { ResourceKind } from './kind.js';
import type { ResourceView } from './template-view.js';
import type { TemplateMap, TemplateValue } from './values.js';

/** What a resource asks the template it belongs to (TemplateResolver) to work out. */
export interface ResourceSource {
  rereadProperties(r: RawResource): TemplateValue;
  idOf(r: RawResource): string;
  propsOf(r: RawResource): TemplateMap;
}

/**
 * One resource of the template and what the import works out for it once: whether it is created,
 * its physical id, its resolved properties, its position among the created resources (a dense id
 * for the dependency graph). It is also the resource's ResourceView.
 */
export class RawResource implements ResourceView {
  /** Position in `included()`, -1 when its Condition is false; undefined until evaluated. */
  includedIndex?: number;
  id?: string;
  resolvedProps?: TemplateMap | 'pending';

  constructor(
    private readonly template: ResourceSource,
    readonly logicalId: string,
    readonly type: string,
    readonly kind: ResourceKind | undefined,
    /** Properties as written; undefined once released (then read again from the text). */
    private written: TemplateValue | undefined,
    readonly condition: string | undefined,
    /** DependsOn, as a list. */
    readonly dependsOn: readonly string[],
    readonly metadata: TemplateValue | undefined,
    /** Where its Properties are in a JSON template read resource by resource (template-slices.ts), else -1. */
    readonly textStart = -1,
    readonly textEnd = -1,
  ) {}

  /** Properties as written (intrinsics not resolved). */
  get properties(): TemplateValue {
    return (this.written ??= this.template.rereadProperties(this));
  }

  /**
   * Drops what the resource holds of the template once it is mapped: its resolved properties, and its
   * written ones when they can be read again from the text. A later props() works them out again.
   */
  release(): void {
    if (this.resolvedProps !== 'pending') this.resolvedProps = undefined;
    if (this.textStart >= 0) this.written = undefined;
  }

  /** Its written properties are (only) in the JSON text, at textStart..textEnd. */
  get inText(): boolean {
    return this.written === undefined && this.textStart >= 0;
  }

  get physicalId(): string {
    return this.id ?? this.template.idOf(this);
  }

  props(): TemplateMap {
    return this.resolvedProps !== undefined && this.resolvedProps !== 'pending' ? this.resolvedProps : this.template.propsOf(this);
  }
}

// A Ref to a parameter recognized where its name is written in the template text (TemplateResolver.refAt),
// without a string for the name: a big template's instances each name the same few parameters
// (a 1,000-VPC template's properties hold 200,000 Refs to ImageId and InstanceType).
import type { TemplateValue } from './values.js';

/** Up to this many parameters, a Ref's name is compared with each; past it, Refs are looked up by name. */
const MAX_COMPARED_PARAMETERS = 8;

export class ParameterRefs {
  private constructor(
    private readonly names: readonly string[],
    private readonly values: readonly TemplateValue[],
  ) {}

  /**
   * The parameters' names and values, when they are few and none is a resource's name (ref() looks
   * for a parameter first; CloudFormation refuses such a template anyway); else undefined.
   */
  static of(parameters: ReadonlyMap<string, TemplateValue>, isResource: (name: string) => boolean): ParameterRefs | undefined {
    const names = [...parameters.keys()];
    if (names.length > MAX_COMPARED_PARAMETERS || names.some(isResource)) return undefined;
    return new ParameterRefs(names, names.map((name) => parameters.get(name)!));
  }

  /** The value of the parameter whose name is written at text[start, end) (no escapes), or undefined. */
  at(text: string, start: number, end: number): TemplateValue | undefined {
    const names = this.names;
    const length = end - start;
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!;
      // A substring compared whole (one StringEqual) is cheaper than startsWith, whose inlined loop
      // reads each character of both strings through the generic charCodeAt; made only when the length matches.
      if (name.length === length && text.substring(start, end) === name) return this.values[k];
    }
    return undefined;
  }
}

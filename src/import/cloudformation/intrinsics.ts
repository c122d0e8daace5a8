// Intrinsic functions, one entry per function in a table. `resolveValue` walks a template value and
// replaces every `{ Ref: … }` / `{ "Fn::…": … }` with its value; `Ref: AWS::NoValue` removes the
// enclosing key or list item. Fn::If evaluates only the branch taken, as CloudFormation does.
import { InputError } from '../../model/errors.js';
import { AddressParseError } from '../../model/ip.js';
import { cidrSubdivide, CidrFunctionError } from './cidr.js';
import { availabilityZones } from './region.js';
import { describeValue, isTemplateMap, newMap, NO_VALUE, type TemplateMap, type TemplateValue } from './values.js';

export type Resolved = TemplateValue | typeof NO_VALUE;

/** Where a value sits, for error messages: `Subnet 'A': Properties.CidrBlock: …`. */
export interface Scope {
  logicalId?: string;
  resourceType?: string;
  field: string;
}

export interface IntrinsicHost {
  readonly file: string;
  readonly region: string;
  ref(name: string, scope: Scope): Resolved;
  getAtt(logicalId: string, attribute: string, scope: Scope): TemplateValue;
  condition(name: string, scope: Scope): boolean;
  findInMap(mapName: string, topKey: string, secondKey: string, scope: Scope): TemplateValue;
}

/** A map member's scope: its field text (`Properties.Tags`) is built only if an error needs it. */
export class MemberScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly key: string,
  ) {}

  get logicalId(): string | undefined {
    return this.parent.logicalId;
  }

  get resourceType(): string | undefined {
    return this.parent.resourceType;
  }

  get field(): string {
    return `${this.parent.field}.${this.key}`;
  }
}

export function scopeError(host: IntrinsicHost, scope: Scope, detail: string): InputError {
  return new InputError(`${scope.field}: ${detail}`, { file: host.file, logicalId: scope.logicalId, resourceType: scope.resourceType });
}

type IntrinsicFn = (arg: TemplateValue, host: IntrinsicHost, scope: Scope) => Resolved;

export function resolveValue(value: TemplateValue, host: IntrinsicHost, scope: Scope): Resolved {
  // A list or map with no intrinsic inside is returned as it is (no copy): most of a big template
  // is literal values, and copying them all doubled the memory the import needs.
  if (Array.isArray(value)) {
    let out: TemplateValue[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i]!;
      const r = resolveValue(item, host, scope);
      if (out === undefined && r !== item) out = value.slice(0, i);
      if (out !== undefined && r !== NO_VALUE) out.push(r);
    }
    return out ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  // One key or more: told without a keys array (most maps of a template are one-key intrinsics).
  let first = '';
  let count = 0;
  for (const key in value) {
    if (count++ > 0) break;
    first = key;
  }
  if (count === 1) {
    if (first === 'Ref') {
      const name = value.Ref;
      if (typeof name === 'string') return host.ref(name, scope);
    }
    const fn = INTRINSICS.get(first);
    if (fn) return fn(value[first]!, host, scope);
    if (first.startsWith('Fn::')) throw scopeError(host, scope, `${first} is not supported by vpcsim`);
  }
  const keys = Object.keys(value);
  let out: TemplateMap | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = value[key]!;
    // Scalars need no scope: nothing in them can fail.
    const r = typeof item === 'object' && item !== null ? resolveValue(item, host, new MemberScope(scope, key)) : item;
    if (out === undefined && r !== item) {
      out = newMap();
      for (let j = 0; j < i; j++) out[keys[j]!] = value[keys[j]!]!;
    }
    if (out !== undefined && r !== NO_VALUE) out[key] = r;
  }
  return out ?? value;
}

/** Resolves and insists on a value (NoValue is not allowed here). */
function need(value: TemplateValue, host: IntrinsicHost, scope: Scope, what: string): TemplateValue {
  const r = resolveValue(value, host, scope);
  if (r === NO_VALUE) throw scopeError(host, scope, `${what} cannot be AWS::NoValue`);
  return r;
}

function needString(value: TemplateValue, host: IntrinsicHost, scope: Scope, what: string): string {
  const r = need(value, host, scope, what);
  if (typeof r === 'string') return r;
  if (typeof r === 'number' || typeof r === 'boolean') return String(r);
  throw scopeError(host, scope, `${what} must be a string, got ${describeValue(r)}`);
}

function needList(value: TemplateValue, host: IntrinsicHost, scope: Scope, what: string): TemplateValue[] {
  const r = need(value, host, scope, what);
  if (!Array.isArray(r)) throw scopeError(host, scope, `${what} must be a list, got ${describeValue(r)}`);
  return r;
}

function args(arg: TemplateValue, n: number, host: IntrinsicHost, scope: Scope, fn: string): TemplateValue[] {
  if (!Array.isArray(arg) || arg.length !== n) throw scopeError(host, scope, `${fn} takes a list of ${n} arguments, got ${describeValue(arg)}`);
  return arg;
}

function conditionValue(value: TemplateValue, host: IntrinsicHost, scope: Scope): boolean {
  // Inside Fn::And / Or / Not, `{ Condition: Name }` names another condition.
  if (isTemplateMap(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
    return host.condition(value.Condition, scope);
  }
  const r = need(value, host, scope, 'a condition');
  if (typeof r === 'boolean') return r;
  if (r === 'true' || r === 'false') return r === 'true';
  throw scopeError(host, scope, `expected a condition (true/false), got ${describeValue(r)}`);
}

function scalarText(v: TemplateValue): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function getAtt(arg: TemplateValue, host: IntrinsicHost, scope: Scope): Resolved {
  let logicalId: string;
  let attribute: string;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot <= 0) throw scopeError(host, scope, `Fn::GetAtt needs LogicalId.Attribute, got ${describeValue(arg)}`);
    logicalId = arg.slice(0, dot);
    attribute = arg.slice(dot + 1);
  } else {
    const [lid, att] = args(arg, 2, host, scope, 'Fn::GetAtt');
    if (typeof lid !== 'string') throw scopeError(host, scope, `Fn::GetAtt logical id must be a string, got ${describeValue(lid)}`);
    logicalId = lid;
    attribute = needString(att!, host, scope, 'Fn::GetAtt attribute');
  }
  return host.getAtt(logicalId, attribute, scope);
}

function sub(arg: TemplateValue, host: IntrinsicHost, scope: Scope): Resolved {
  let template: TemplateValue;
  let vars: TemplateMap = newMap();
  if (Array.isArray(arg)) {
    const [t, v] = args(arg, 2, host, scope, 'Fn::Sub');
    template = t!;
    const resolvedVars = need(v!, host, scope, 'Fn::Sub variables');
    if (!isTemplateMap(resolvedVars)) throw scopeError(host, scope, 'Fn::Sub variables must be a map');
    vars = resolvedVars;
  } else {
    template = arg;
  }
  if (typeof template !== 'string') throw scopeError(host, scope, `Fn::Sub needs a string, got ${describeValue(template)}`);
  return template.replace(/\$\{([^}]*)\}/g, (_m, body: string) => {
    if (body.startsWith('!')) return `\${${body.slice(1)}}`; // ${!Literal} stays literal
    const name = body.trim();
    if (Object.prototype.hasOwnProperty.call(vars, name)) return scalarText(vars[name]!);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return scalarText(host.getAtt(name.slice(0, dot), name.slice(dot + 1), scope));
    const r = host.ref(name, scope);
    if (r === NO_VALUE) return '';
    return Array.isArray(r) ? r.map(scalarText).join(',') : scalarText(r);
  });
}

function base64(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

const INTRINSICS: ReadonlyMap<string, IntrinsicFn> = new Map<string, IntrinsicFn>([
  ['Ref', (arg, host, scope) => {
    if (typeof arg !== 'string') throw scopeError(host, scope, `Ref needs a name, got ${describeValue(arg)}`);
    return host.ref(arg, scope);
  }],
  ['Fn::GetAtt', getAtt],
  ['Fn::Sub', sub],
  ['Fn::Join', (arg, host, scope) => {
    const [delim, list] = args(arg, 2, host, scope, 'Fn::Join');
    const d = needString(delim!, host, scope, 'Fn::Join delimiter');
    return needList(list!, host, scope, 'Fn::Join list').map(scalarText).join(d);
  }],
  ['Fn::Select', (arg, host, scope) => {
    const [index, list] = args(arg, 2, host, scope, 'Fn::Select');
    const i = Number(needString(index!, host, scope, 'Fn::Select index'));
    const items = needList(list!, host, scope, 'Fn::Select list');
    if (!Number.isInteger(i) || i < 0 || i >= items.length) {
      throw scopeError(host, scope, `Fn::Select index ${describeValue(index)} is out of range for a list of ${items.length}`);
    }
    return items[i]!;
  }],
  ['Fn::Split', (arg, host, scope) => {
    const [delim, source] = args(arg, 2, host, scope, 'Fn::Split');
    return needString(source!, host, scope, 'Fn::Split source').split(needString(delim!, host, scope, 'Fn::Split delimiter'));
  }],
  ['Fn::GetAZs', (arg, host, scope) => {
    const region = arg === null || arg === '' ? '' : needString(arg, host, scope, 'Fn::GetAZs region');
    return availabilityZones(region === '' ? host.region : region);
  }],
  ['Fn::If', (arg, host, scope) => {
    const [cond, whenTrue, whenFalse] = args(arg, 3, host, scope, 'Fn::If');
    if (typeof cond !== 'string') throw scopeError(host, scope, `Fn::If needs a condition name, got ${describeValue(cond)}`);
    return resolveValue(host.condition(cond, scope) ? whenTrue! : whenFalse!, host, scope);
  }],
  ['Fn::Equals', (arg, host, scope) => {
    const [a, b] = args(arg, 2, host, scope, 'Fn::Equals');
    return scalarText(need(a!, host, scope, 'Fn::Equals')) === scalarText(need(b!, host, scope, 'Fn::Equals'));
  }],
  ['Fn::Not', (arg, host, scope) => !conditionValue(args(arg, 1, host, scope, 'Fn::Not')[0]!, host, scope)],
  ['Fn::And', (arg, host, scope) => {
    if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw scopeError(host, scope, 'Fn::And takes 2-10 conditions');
    return arg.every((c) => conditionValue(c, host, scope));
  }],
  ['Fn::Or', (arg, host, scope) => {
    if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw scopeError(host, scope, 'Fn::Or takes 2-10 conditions');
    return arg.some((c) => conditionValue(c, host, scope));
  }],
  ['Fn::FindInMap', (arg, host, scope) => {
    const [m, top, second] = args(arg, 3, host, scope, 'Fn::FindInMap');
    return host.findInMap(
      needString(m!, host, scope, 'Fn::FindInMap map name'),
      needString(top!, host, scope, 'Fn::FindInMap top-level key'),
      needString(second!, host, scope, 'Fn::FindInMap second-level key'),
      scope,
    );
  }],
  ['Fn::Cidr', (arg, host, scope) => {
    const [block, count, bits] = args(arg, 3, host, scope, 'Fn::Cidr');
    try {
      return cidrSubdivide(
        needString(block!, host, scope, 'Fn::Cidr ipBlock'),
        Number(needString(count!, host, scope, 'Fn::Cidr count')),
        Number(needString(bits!, host, scope, 'Fn::Cidr cidrBits')),
      );
    } catch (err) {
      if (err instanceof CidrFunctionError || err instanceof AddressParseError) throw scopeError(host, scope, `Fn::Cidr: ${err.message}`);
      throw err;
    }
  }],
  ['Fn::Base64', (arg, host, scope) => base64(needString(arg, host, scope, 'Fn::Base64'))],
  ['Fn::ImportValue', (arg, host, scope) => {
    let name: unknown = arg;
    try {
      name = needString(arg, host, scope, 'Fn::ImportValue');
    } catch {
      // the export name itself is unresolvable: name it as written
    }
    throw scopeError(host, scope, `Fn::ImportValue ${describeValue(name)} cannot be resolved: exports of other stacks are not known offline; replace it with a parameter`);
  }],
]);

// Template Parameters: Default values, `--param Key=Value` overrides, and the constraints
// CloudFormation checks before a stack is created (AllowedValues, AllowedPattern, Min/MaxLength,
// Min/MaxValue, Number type).
import { InputError } from '../../model/errors.js';
import { describeValue, hasOwn, isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';

const LIST_TYPE = /^(CommaDelimitedList|List<.+>)$/;

export function resolveParameters(section: TemplateValue | undefined, overrides: Record<string, string>, file: string): Map<string, TemplateValue> {
  const out = new Map<string, TemplateValue>();
  const declared = isTemplateMap(section) ? section : undefined;
  if (section !== undefined && section !== null && !declared) throw new InputError('Parameters must be a map', { file });
  for (const name of Object.keys(overrides)) {
    if (!declared || !hasOwn(declared, name)) throw new InputError(`--param ${name}: the template has no parameter ${name}`, { file });
  }
  for (const [name, spec] of Object.entries(declared ?? {})) {
    const ctx = { file, resourceType: 'Parameter', logicalId: name };
    if (!isTemplateMap(spec)) throw new InputError('a parameter must be a map with a Type', ctx);
    const type = typeof spec.Type === 'string' ? spec.Type : 'String';
    if (type.startsWith('AWS::SSM::Parameter')) {
      throw new InputError(`Type ${type}: SSM parameters cannot be read offline; declare it as String and pass --param ${name}=VALUE`, ctx);
    }
    const given = hasOwn(overrides, name) ? overrides[name] : spec.Default;
    if (given === undefined || given === null) throw new InputError(`has no Default; pass --param ${name}=VALUE`, ctx);
    const text = Array.isArray(given) ? given.map(String).join(',') : String(given);
    checkConstraints(text, type, spec, ctx);
    out.set(name, LIST_TYPE.test(type) ? (text === '' ? [] : text.split(',').map((s) => s.trim())) : text);
  }
  return out;
}

function checkConstraints(text: string, type: string, spec: TemplateMap, ctx: { file: string; resourceType: string; logicalId: string }): void {
  const values = LIST_TYPE.test(type) ? text.split(',').map((s) => s.trim()) : [text];
  for (const v of values) {
    if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.map(String).includes(v)) {
      throw new InputError(`value ${describeValue(v)} is not in AllowedValues [${spec.AllowedValues.map(String).join(', ')}]`, ctx);
    }
    if (typeof spec.AllowedPattern === 'string' && !safeRegExp(spec.AllowedPattern, ctx).test(v)) {
      const why = typeof spec.ConstraintDescription === 'string' ? ` (${spec.ConstraintDescription})` : '';
      throw new InputError(`value ${describeValue(v)} does not match AllowedPattern ${spec.AllowedPattern}${why}`, ctx);
    }
    if (spec.MinLength !== undefined && v.length < Number(spec.MinLength)) throw new InputError(`value ${describeValue(v)} is shorter than MinLength ${spec.MinLength}`, ctx);
    if (spec.MaxLength !== undefined && v.length > Number(spec.MaxLength)) throw new InputError(`value ${describeValue(v)} is longer than MaxLength ${spec.MaxLength}`, ctx);
    if (type === 'Number' || type === 'List<Number>') {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new InputError(`value ${describeValue(v)} is not a Number`, ctx);
      if (spec.MinValue !== undefined && n < Number(spec.MinValue)) throw new InputError(`value ${v} is below MinValue ${spec.MinValue}`, ctx);
      if (spec.MaxValue !== undefined && n > Number(spec.MaxValue)) throw new InputError(`value ${v} is above MaxValue ${spec.MaxValue}`, ctx);
    }
  }
}

function safeRegExp(pattern: string, ctx: { file: string; resourceType: string; logicalId: string }): RegExp {
  try {
    // CloudFormation matches the whole value.
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new InputError(`AllowedPattern ${describeValue(pattern)} is not a valid regular expression`, ctx);
  }
}

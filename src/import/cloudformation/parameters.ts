// Template Parameters: Default values, `--param Key=Value` overrides, and the constraints
// CloudFormation checks before a stack is created (AllowedValues, AllowedPattern, Min/MaxLength,
// Min/MaxValue, Number type). Each declaration field is checked for its shape first: a map or an
// intrinsic function where CloudFormation takes a literal is one error naming the parameter and field.
import { InputError } from '../../model/errors.js';
import { clip } from '../../model/printable.js';
import { describeValue, hasOwn, isTemplateMap, type TemplateMap, type TemplateValue } from './values.js';

const LIST_TYPE = /^(CommaDelimitedList|List<.+>)$/;

/** The AWS-specific parameter types, each also valid as List<...> (CloudFormation "Parameters" section). */
const AWS_TYPES = new Set([
  'AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName',
  'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id',
  'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id',
]);

/** String, Number, CommaDelimitedList, List<Number>, the AWS-specific types and their lists, SSM parameter types. */
function isParameterType(type: string): boolean {
  if (type === 'String' || type === 'Number' || type === 'CommaDelimitedList' || type === 'List<Number>') return true;
  if (type.startsWith('AWS::SSM::Parameter::')) return true;
  const item = type.startsWith('List<') && type.endsWith('>') ? type.slice(5, -1) : type;
  return AWS_TYPES.has(item);
}

interface ParameterContext {
  file: string;
  resourceType: string;
  logicalId: string;
}

/** A parameter's constraints, read and shape-checked once. */
interface Constraints {
  allowedValues?: string[];
  allowedPattern?: string;
  constraintDescription?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

export function resolveParameters(section: TemplateValue | undefined, overrides: Record<string, string>, file: string): Map<string, TemplateValue> {
  const out = new Map<string, TemplateValue>();
  const declared = isTemplateMap(section) ? section : undefined;
  if (section !== undefined && section !== null && !declared) throw new InputError('Parameters must be a map', { file });
  for (const name of Object.keys(overrides)) {
    if (!declared || !hasOwn(declared, name)) throw new InputError(`--param ${clip(name)}: the template has no parameter ${clip(name)}`, { file });
  }
  for (const [name, spec] of Object.entries(declared ?? {})) {
    const ctx: ParameterContext = { file, resourceType: 'Parameter', logicalId: name };
    if (!isTemplateMap(spec)) throw new InputError('a parameter must be a map with a Type', ctx);
    if (!hasOwn(spec, 'Type') || spec.Type === null) throw new InputError('Type is required (String, Number, CommaDelimitedList, List<Number> or an AWS-specific type)', { ...ctx, field: 'Type' });
    const type = text(spec, 'Type', ctx);
    if (!isParameterType(type)) throw new InputError(`Type ${describeValue(type)} is not a CloudFormation parameter type (String, Number, CommaDelimitedList, List<Number>, AWS::EC2::VPC::Id ...)`, { ...ctx, field: 'Type' });
    if (type.startsWith('AWS::SSM::Parameter')) {
      throw new InputError(`Type ${type}: SSM parameters cannot be read offline; declare it as String and pass --param ${clip(name)}=VALUE`, ctx);
    }
    const constraints = readConstraints(spec, ctx);
    const given = hasOwn(overrides, name) ? overrides[name]! : defaultText(spec, ctx);
    if (given === undefined) throw new InputError(`has no Default; pass --param ${clip(name)}=VALUE`, ctx);
    checkConstraints(given, type, constraints, ctx);
    out.set(name, LIST_TYPE.test(type) ? (given === '' ? [] : given.split(',').map((s) => s.trim())) : given);
  }
  return out;
}

/** A map whose one key is Ref or Fn::...: CloudFormation evaluates no function inside Parameters. */
function isIntrinsic(value: TemplateValue): boolean {
  if (!isTemplateMap(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function shapeError(field: string, expected: string, value: TemplateValue, ctx: ParameterContext): InputError {
  const why = isIntrinsic(value) ? ' (Parameters take literal values; intrinsic functions are not evaluated there)' : '';
  return new InputError(`${field} must be ${expected}, got ${describeValue(value)}${why}`, { ...ctx, field });
}

function isScalar(value: TemplateValue | undefined): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A field that must be a string (numbers and booleans written unquoted in YAML count as their text). */
function text(spec: TemplateMap, field: string, ctx: ParameterContext): string {
  const v = spec[field]!;
  if (!isScalar(v)) throw shapeError(field, 'a string', v, ctx);
  return String(v);
}

function optText(spec: TemplateMap, field: string, ctx: ParameterContext): string | undefined {
  return hasOwn(spec, field) && spec[field] !== null ? text(spec, field, ctx) : undefined;
}

/** Min/MaxLength and Min/MaxValue: a number, or a string holding one. */
function optNumber(spec: TemplateMap, field: string, ctx: ParameterContext): number | undefined {
  if (!hasOwn(spec, field) || spec[field] === null) return undefined;
  const v = spec[field]!;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw shapeError(field, 'a number', v, ctx);
  return n;
}

/** The Default as parameter text: a scalar, or a list of scalars (a list type's items joined by commas). */
function defaultText(spec: TemplateMap, ctx: ParameterContext): string | undefined {
  const v = hasOwn(spec, 'Default') ? spec.Default : undefined;
  if (v === undefined || v === null) return undefined;
  if (isScalar(v)) return String(v);
  if (Array.isArray(v) && v.every(isScalar)) return v.map(String).join(',');
  throw shapeError('Default', 'a string, a number or a list of them', v, ctx);
}

function readConstraints(spec: TemplateMap, ctx: ParameterContext): Constraints {
  const c: Constraints = {};
  if (hasOwn(spec, 'AllowedValues') && spec.AllowedValues !== null) {
    const list = spec.AllowedValues!;
    if (!Array.isArray(list) || !list.every(isScalar)) throw shapeError('AllowedValues', 'a list of strings', list, ctx);
    c.allowedValues = list.map(String);
  }
  const pattern = optText(spec, 'AllowedPattern', ctx);
  if (pattern !== undefined) c.allowedPattern = pattern;
  const description = optText(spec, 'ConstraintDescription', ctx);
  if (description !== undefined) c.constraintDescription = description;
  for (const [field, key] of [['MinLength', 'minLength'], ['MaxLength', 'maxLength'], ['MinValue', 'minValue'], ['MaxValue', 'maxValue']] as const) {
    const n = optNumber(spec, field, ctx);
    if (n !== undefined) c[key] = n;
  }
  return c;
}

function checkConstraints(given: string, type: string, c: Constraints, ctx: ParameterContext): void {
  const values = LIST_TYPE.test(type) ? given.split(',').map((s) => s.trim()) : [given];
  const pattern = c.allowedPattern !== undefined ? safeRegExp(c.allowedPattern, ctx) : undefined;
  for (const v of values) {
    if (c.allowedValues && !c.allowedValues.includes(v)) {
      throw new InputError(`value ${describeValue(v)} is not in AllowedValues [${clip(c.allowedValues.join(', '))}]`, ctx);
    }
    if (pattern && !pattern.test(v)) {
      const why = c.constraintDescription !== undefined ? ` (${c.constraintDescription})` : '';
      throw new InputError(`value ${describeValue(v)} does not match AllowedPattern ${clip(c.allowedPattern!)}${why}`, ctx);
    }
    if (c.minLength !== undefined && v.length < c.minLength) throw new InputError(`value ${describeValue(v)} is shorter than MinLength ${c.minLength}`, ctx);
    if (c.maxLength !== undefined && v.length > c.maxLength) throw new InputError(`value ${describeValue(v)} is longer than MaxLength ${c.maxLength}`, ctx);
    if (type === 'Number' || type === 'List<Number>') {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new InputError(`value ${describeValue(v)} is not a Number`, ctx);
      if (c.minValue !== undefined && n < c.minValue) throw new InputError(`value ${v} is below MinValue ${c.minValue}`, ctx);
      if (c.maxValue !== undefined && n > c.maxValue) throw new InputError(`value ${v} is above MaxValue ${c.maxValue}`, ctx);
    }
  }
}

function safeRegExp(pattern: string, ctx: ParameterContext): RegExp {
  try {
    // CloudFormation matches the whole value.
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new InputError(`AllowedPattern ${describeValue(pattern)} is not a valid regular expression`, ctx);
  }
}

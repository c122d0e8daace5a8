// Bad input is reported as one line that names the file, the resource (logical id) and field,
// and the bad value. The CLI prints `error: <message>` and exits 2; it never prints a stack trace.
// Messages keep input text as it is (the library's callers get it exact); values are quoted with
// model/printable.ts `quote` (clipped), and the CLI escapes control characters when it prints.
import { clip } from './printable.js';

export interface InputErrorContext {
  /** The input file (or directory) the problem is in. */
  file?: string;
  /** Resource type as the user wrote it or its AWS name, e.g. `Subnet`, `AWS::EC2::Subnet`. */
  resourceType?: string;
  /** Logical id (or physical id for snapshots). */
  logicalId?: string;
  /** Property or field, e.g. `CidrBlock`. */
  field?: string;
  /** EC2 API error name where one exists (C-1), e.g. `InvalidSubnet.Range`. */
  code?: string;
}

/**
 * Bad input (a template, snapshot, file, flag or argument). Its message is one line naming the file, the
 * resource and the bad value (clipped); the CLI prints it and exits 2.
 */
export class InputError extends Error {
  readonly context: InputErrorContext;
  /** The message without the file prefix. */
  readonly detail: string;

  constructor(detail: string, context: InputErrorContext = {}) {
    super(formatInputError(detail, context));
    this.name = 'InputError';
    this.detail = detail;
    this.context = context;
  }

  /** The same error with the file named (importers know the file, validators may not). */
  inFile(file: string): InputError {
    if (this.context.file) return this;
    return new InputError(this.detail, { ...this.context, file });
  }
}

export function formatInputError(detail: string, ctx: InputErrorContext): string {
  const parts: string[] = [];
  if (ctx.file) parts.push(ctx.file);
  if (ctx.logicalId) {
    const type = ctx.resourceType ? `${shortType(ctx.resourceType)} ` : '';
    // Ids come from input too (a snapshot's ids are any string): clipped like quoted values.
    parts.push(`${type}'${clip(ctx.logicalId)}'`);
  }
  const body = ctx.code ? `${detail} (${ctx.code})` : detail;
  parts.push(body);
  return parts.join(': ');
}

/** `AWS::EC2::Subnet` -> `Subnet` for messages. */
function shortType(type: string): string {
  const i = type.lastIndexOf('::');
  return i >= 0 ? type.slice(i + 2) : type;
}

/** What the library calls the limit: the load option a caller sets. */
const LIBRARY_LIMIT_NAME = 'maxSizeBytes';

/**
 * Input over the size limit. A library caller sets the limit with the option `maxSizeBytes`, which the
 * message names; the CLI, whose users set it with a flag, prints withLimitName('--max-size').
 */
export class InputTooLarge extends InputError {
  readonly #what: string;

  /** `what`: the message without the limit's name, e.g. `file is 51 MB, over the 50 MB limit`. */
  constructor(what: string, context: InputErrorContext) {
    super(`${what} (${LIBRARY_LIMIT_NAME})`, context);
    this.#what = what;
  }

  /** The message naming the limit `name` instead. */
  withLimitName(name: string): string {
    return formatInputError(`${this.#what} (${name})`, this.context);
  }
}

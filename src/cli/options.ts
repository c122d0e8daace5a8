// Flags shared by every command that loads a model (validate, trace, apigw ...):
// `--region R`, `--param K=V` (repeatable), `--max-size MB`, `--quiet`. `addImportOptions` declares
// them; `importOptionsFrom` turns the parsed flags into LoadOptions, refusing bad values as InputError.
import type { Command } from 'commander';
import { InputError } from '../model/errors.js';
import type { LoadOptions } from '../import/load.js';
import type { CliIO } from './io.js';
import { printMessage } from './print.js';
import { quote } from '../model/printable.js';

export interface ImportFlags {
  region?: string;
  param?: string[];
  maxSize?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addImportOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', 'AWS Region of the model (default: from literal Availability Zones, else us-east-1)')
    .option('--param <Key=Value>', 'CloudFormation parameter value (repeatable)', collect, [])
    .option('--max-size <MB>', 'refuse input files larger than this many megabytes (default 50)')
    .option('-q, --quiet', 'do not print warnings');
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** LoadOptions from parsed flags; warnings go to stderr as `warning: ...` unless --quiet. */
export function importOptionsFrom(flags: ImportFlags, io: CliIO, collected: string[] = []): LoadOptions {
  const opts: LoadOptions = {};
  if (flags.region !== undefined) {
    if (!REGION.test(flags.region)) throw new InputError(`--region ${quote(flags.region)} is not a Region name such as us-east-1`);
    opts.region = flags.region;
  }
  if (flags.param && flags.param.length > 0) opts.params = parseParams(flags.param);
  if (flags.maxSize !== undefined) opts.maxSizeBytes = parseMaxSize(flags.maxSize);
  const seen = new Set<string>();
  opts.warn = (message) => {
    const line = message.startsWith('warning: ') ? message.slice('warning: '.length) : message;
    if (seen.has(line)) return;
    seen.add(line);
    collected.push(line);
    if (!flags.quiet) printMessage(io, 'warning', line);
  };
  return opts;
}

/** `Key=Value` pairs into a null-prototype record, so `__proto__=x` is just a key. */
function parseParams(list: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const p of list) {
    const i = p.indexOf('=');
    if (i <= 0) throw new InputError(`--param ${quote(p)}: expected Key=Value`);
    const key = p.slice(0, i);
    if (!/^[A-Za-z0-9]+$/.test(key)) throw new InputError(`--param ${quote(p)}: parameter names are alphanumeric`);
    out[key] = p.slice(i + 1);
  }
  return out;
}

function parseMaxSize(text: string): number {
  const mb = Number(text);
  if (text.trim() === '' || !Number.isFinite(mb) || mb <= 0) throw new InputError(`--max-size ${quote(text)}: expected a positive number of megabytes`);
  return Math.floor(mb * 1024 * 1024);
}

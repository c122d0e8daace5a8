// `vpcsim apigw <template> --traffic <traffic.yaml>`: replays client traffic against the template's
// API Gateway stages, usage plans, keys, throttles and quotas. Exit 0 when the simulation ran (429s
// included), 2 for bad input.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { simulateApiGatewayText } from '../../apigw/from-text.js';
import { formatReport } from '../../apigw/report.js';
import type { CliIO } from '../main.js';

interface ApigwFlags {
  traffic: string;
  json?: boolean;
  accountRate?: string;
  accountBurst?: string;
  region?: string;
  param: string[];
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`cannot read the file (${code})`, { file });
  }
}

function limitFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`--${name}: expected a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

function params(list: string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const p of list) {
    const i = p.indexOf('=');
    if (i <= 0) throw new InputError(`--param: expected Key=Value, got ${JSON.stringify(p)}`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export function registerApigw(program: Command, io: CliIO): void {
  program
    .command('apigw')
    .description("replay client traffic against the template's API Gateway throttles, quotas and API keys")
    .argument('<template>', 'CloudFormation template (YAML or JSON)')
    .requiredOption('--traffic <file>', 'traffic file (YAML): clients, stages, requests, keys and arrivals')
    .option('--json', 'print the report as JSON')
    .option('--account-rate <n>', 'account-level requests per second per Region (default 10000)')
    .option('--account-burst <n>', 'account-level burst per Region (default 5000)')
    .option('--region <region>', 'AWS Region of the stack')
    .option('--param <Key=Value>', 'template parameter value (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .action((templateFile: string, flags: ApigwFlags) => {
      const warn = (m: string) => io.stderr(`warning: ${m}\n`);
      const accountRate = limitFlag('account-rate', flags.accountRate);
      const accountBurst = limitFlag('account-burst', flags.accountBurst);
      const report = simulateApiGatewayText(
        { template: readInput(templateFile), templateFile, traffic: readInput(flags.traffic), trafficFile: flags.traffic },
        {
          ...(flags.region !== undefined && { region: flags.region }),
          params: params(flags.param),
          ...(accountRate !== undefined && { accountRate }),
          ...(accountBurst !== undefined && { accountBurst }),
          warn,
        },
      );
      io.stdout(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    });
}

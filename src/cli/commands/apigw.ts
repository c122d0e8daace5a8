// `vpcsim apigw <template> --traffic <traffic.yaml>`: replays client traffic against the template's
// API Gateway stages, usage plans, keys, throttles and quotas. Exit 0 when the simulation ran (429s
// included), 2 for bad input.
import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { simulateApiGatewayText } from '../../apigw/from-text.js';
import { formatReport } from '../../apigw/report.js';
import { readTextFile } from '../../import/read-input.js';
import type { CliIO } from '../io.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { quote } from '../../model/printable.js';

interface ApigwFlags extends ImportFlags {
  traffic: string;
  json?: boolean;
  accountRate?: string;
  accountBurst?: string;
}

function limitFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`--${name}: expected a non-negative number, got ${quote(value)}`);
  return n;
}

export function registerApigw(program: Command, io: CliIO): void {
  const cmd = program
    .command('apigw')
    .description("replay client traffic against the template's API Gateway throttles, quotas and API keys")
    .argument('<template>', 'CloudFormation template (YAML or JSON)')
    .requiredOption('--traffic <file>', 'traffic file (YAML): clients, stages, requests, keys and arrivals')
    .option('--json', 'print the report as JSON')
    .option('--account-rate <n>', 'account-level requests per second per Region (default 10000)')
    .option('--account-burst <n>', 'account-level burst per Region (default 5000)');
  // --region, --param, --max-size, --quiet as for every command that reads a template.
  addImportOptions(cmd).action(async (templateFile: string, flags: ApigwFlags) => {
    const accountRate = limitFlag('account-rate', flags.accountRate);
    const accountBurst = limitFlag('account-burst', flags.accountBurst);
    const load = importOptionsFrom(flags, io);
    // The same guarded reader as templates: size limit, devices (/dev/zero would never end), binary data.
    const template = await readTextFile(templateFile, load.maxSizeBytes);
    const traffic = await readTextFile(flags.traffic, load.maxSizeBytes);
    const report = simulateApiGatewayText(
      { template: template.text, templateFile, traffic: traffic.text, trafficFile: flags.traffic },
      {
        ...(load.region !== undefined && { region: load.region }),
        ...(load.params !== undefined && { params: load.params }),
        ...(accountRate !== undefined && { accountRate }),
        ...(accountBurst !== undefined && { accountBurst }),
        ...(load.warn !== undefined && { warn: load.warn }),
      },
    );
    io.stdout(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  });
}

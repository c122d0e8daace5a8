// `vpcsim generate --vpcs N --subnets M --instances K --hub tgw|peering|none --seed S`: prints a
// deterministic synthetic topology as a CloudFormation template (YAML or JSON), for benchmarks and
// for trying the other commands on big inputs. Exit 0, or 2 with one line for a bad flag value.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { toCloudFormation } from '../../generate/cloudformation/index.js';
import { checkGenerateOptions, generateTopology, type GenerateOptions } from '../../generate/generate.js';
import { InputError } from '../../model/errors.js';
import type { CliIO } from '../io.js';
import { quote } from '../../model/printable.js';

interface GenerateFlags {
  vpcs: string;
  subnets: string;
  instances: string;
  hub: string;
  seed: string;
  routes: string;
  azs: string;
  region: string;
  format: string;
  output?: string;
}

/** Flag text -> integer; anything but plain digits is one clear line naming the flag. */
function integer(flag: string, text: string): number {
  if (!/^\d{1,10}$/.test(text)) throw new InputError(`--${flag} must be a non-negative integer, got ${quote(text)}`);
  return Number(text);
}

export function registerGenerate(program: Command, io: CliIO): void {
  program
    .command('generate')
    .description('print a deterministic synthetic topology (by seed and size) as a CloudFormation template')
    .option('--vpcs <n>', 'number of VPCs', '3')
    .option('--subnets <n>', 'subnets per VPC, spread across AZs in web/app/db tiers', '3')
    .option('--instances <n>', 'instances per subnet', '2')
    .option('--hub <kind>', 'how VPCs connect: tgw, peering or none', 'tgw')
    .option('--seed <n>', 'random seed (same seed, same template)', '1')
    .option('--routes <n>', 'extra static routes per subnet route table', '0')
    .option('--azs <n>', 'Availability Zones to spread subnets over (1-6)', '3')
    .option('--region <region>', 'AWS Region of the topology', 'us-east-1')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('-o, --output <file>', 'write the template to a file instead of stdout')
    .action((flags: GenerateFlags) => {
      if (flags.format !== 'yaml' && flags.format !== 'json') throw new InputError(`--format must be yaml or json, got ${quote(flags.format)}`);
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(flags.region)) throw new InputError(`--region ${quote(flags.region)} is not a Region name like us-east-1`);
      const opts: GenerateOptions = {
        vpcs: integer('vpcs', flags.vpcs),
        subnetsPerVpc: integer('subnets', flags.subnets),
        instancesPerSubnet: integer('instances', flags.instances),
        hub: flags.hub as GenerateOptions['hub'],
        seed: integer('seed', flags.seed),
        routesPerTable: integer('routes', flags.routes),
        azs: integer('azs', flags.azs),
        region: flags.region,
      };
      checkGenerateOptions(opts, (option) => `--${option}`);
      const text = toCloudFormation(generateTopology(opts), { format: flags.format, warn: (m) => io.stderr(`${m}\n`) });
      if (flags.output === undefined) {
        io.stdout(text);
        return;
      }
      try {
        writeFileSync(flags.output, text);
      } catch (err) {
        throw new InputError(`cannot write the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file: flags.output });
      }
    });
}

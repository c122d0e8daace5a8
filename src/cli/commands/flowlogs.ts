// `vpcsim flowlogs <template-or-snapshot> <file-or-dir>... [--format F] [--map eni-...=Id] [--explain all|reject|mismatch] [--strict] [--json]`:
// replays VPC Flow Log records through the configuration. Exit 0 when every known record agrees, 1 when
// some do not, 2 for bad input.
import type { Command } from 'commander';
import { flowLogInputs } from '../../analyze/flowlogs/files-node.js';
import { parseFormat } from '../../analyze/flowlogs/format.js';
import { parsePins } from '../../analyze/flowlogs/interfaces.js';
import { emitFlowLogs, replayFlowLogs } from '../../analyze/flowlogs/replay-node.js';
import type { ExplainWhich } from '../../analyze/flowlogs/replay.js';
import { recordText, reportJson, reportText, TEXT_LIMIT } from '../../analyze/flowlogs/report-text.js';
import { parseTraffic } from '../../analyze/flowlogs/traffic.js';
import { readTextFile } from '../../import/read-input.js';
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';
import { EXIT_UNREACHABLE, ExitCode, type CliIO } from '../io.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';

interface EmitFlags extends ImportFlags, CacheFlags {
  traffic: string;
  format?: string;
}

interface FlowLogsFlags extends ImportFlags, CacheFlags {
  format?: string;
  map: string[];
  explain?: string;
  strict?: boolean;
  json?: boolean;
}

const EXPLAIN: readonly ExplainWhich[] = ['all', 'reject', 'mismatch'];
const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerFlowLogs(program: Command, io: CliIO): void {
  const cmd = program
    .command('flowlogs')
    .description('replay VPC Flow Log records through the configuration: which records it would log differently, and why (exit 1 when some disagree)')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .argument('<logs...>', 'flow log files (plain or .gz) or directories of them')
    .option('--format <fields>', "fields of records without a header line, as AWS writes them: '${version} ${interface-id} ...' (default: version 2)")
    .option('--map <interface-id=LogicalId>', 'the ENI or instance a logged interface id stands for (repeatable)', collect, [])
    .option('--explain <which>', 'print each record of this kind with what decided it: all, reject or mismatch')
    .option('--strict', 'a malformed line is an error (exit 2) instead of a counted line')
    .option('--json', 'print the report as one JSON object');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, logs: string[], flags: FlowLogsFlags) => {
    // Flags before input: a typo is one line at once.
    const format = flags.format !== undefined ? parseFormat(flags.format) : undefined;
    const map = parsePins(flags.map);
    let explain: ExplainWhich | undefined;
    if (flags.explain !== undefined) {
      if (!(EXPLAIN as readonly string[]).includes(flags.explain)) throw new InputError(`--explain ${quote(flags.explain)}: expected all, reject or mismatch`);
      explain = flags.explain as ExplainWhich;
    }
    const loaded = await loadWholeDesign(file, importOptionsFrom(flags, io), flags, io);
    const inputs = await flowLogInputs(logs);
    const report = await replayFlowLogs(loaded.topology, inputs, {
      ...(format ? { format } : {}),
      map,
      strict: flags.strict === true,
      // Text shows the first mismatches; --json lists every one.
      ...(flags.json ? {} : { mismatchesKept: TEXT_LIMIT }),
      ...(explain && !flags.json ? { explain: { which: explain, each: (r) => io.stdout(recordText(r)) } } : {}),
    });
    io.stdout(flags.json ? JSON.stringify(reportJson(report), null, 2) + '\n' : reportText(report));
    await loaded.store?.();
    if (report.mismatch > 0) throw new ExitCode(EXIT_UNREACHABLE);
  });

  // `vpcsim flowlogs emit <template> --traffic flows.yaml [--format F]`: the records AWS would log (FL-8).
  const emit = cmd
    .command('emit')
    .description('write the flow log records AWS would log for declared flows (both directions, every ENI reached or rejected at)')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .requiredOption('--traffic <file>', 'the flows (YAML or JSON): flows: [{ from, to, protocol, port, sourcePort, at, packets, bytes }], epoch')
    .option('--format <fields>', "fields to write, as AWS writes them: '${version} ${interface-id} ...' (default: version 2)");
  addImportOptions(addCacheOptions(emit)).action(async (file: string, own: EmitFlags) => {
    // Commander gives options the parent command also declares (--format, --param ...) to the parent.
    const flags = withParentFlags(own, cmd.opts<EmitFlags>());
    const format = flags.format !== undefined ? parseFormat(flags.format) : undefined;
    const load = importOptionsFrom(flags, io);
    const trafficText = await readTextFile(flags.traffic, load.maxSizeBytes);
    const traffic = parseTraffic(trafficText.text, flags.traffic);
    const loaded = await loadWholeDesign(file, load, flags, io);
    const lines = await emitFlowLogs(loaded.topology, traffic, { file: flags.traffic, ...(format ? { format } : {}) });
    io.stdout(lines.join('\n') + '\n');
    await loaded.store?.();
  });
}

/** `own` with what the parent command parsed of the same options: lists joined, else the value given. */
function withParentFlags<T extends object>(own: T, parent: Partial<T>): T {
  const merged: Record<string, unknown> = { ...(own as Record<string, unknown>) };
  for (const [key, value] of Object.entries(parent)) {
    const mine = merged[key];
    if (Array.isArray(mine) && Array.isArray(value)) merged[key] = [...value, ...mine];
    else if (mine === undefined) merged[key] = value;
  }
  return merged as T;
}

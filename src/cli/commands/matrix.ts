// `vpcsim matrix <template-or-snapshot> [--by subnet|instance|security-group|vpc] [--ports tcp/22,...]
// [--json|--csv|--svg FILE]`: what can talk to what, every source group x destination group x port,
// forward and return (TRACE-5), walked on the engine in batches. Exit 0 with an answer, 2 for bad input.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { writeOutputFile } from './output-file.js';
import { reachabilityMatrix } from '../../analyze/matrix/entry-node.js';
import { checkMatrixOptions } from '../../analyze/matrix/matrix.js';
import { matrixCsv, matrixJson, matrixSummary, matrixText } from '../../analyze/matrix/matrix-text.js';
import { matrixSvg } from '../../analyze/matrix/heatmap-svg.js';
import { DEFAULT_PORTS } from '../../analyze/matrix/ports.js';
import { InputError } from '../../model/errors.js';
import { printable } from '../../model/printable.js';
import type { CliIO } from '../io.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { trialProgressBar } from '../progress.js';
import { threadCount } from '../numbers.js';
import type { GroupBy } from '../../analyze/matrix/members.js';

interface MatrixFlags extends ImportFlags, CacheFlags {
  by: string;
  ports: string;
  json?: boolean;
  csv?: boolean;
  svg?: string;
  workers: string;
}

export function registerMatrix(program: Command, io: CliIO): void {
  const cmd = program
    .command('matrix')
    .description('reachability matrix: every source group x destination group x port, forward and return')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .option('--by <grouping>', 'rows and columns: subnet, instance, security-group or vpc', 'subnet')
    .option('--ports <list>', 'ports to walk: tcp/<port>, udp/<port>, icmp, all (comma separated)', DEFAULT_PORTS)
    .option('--json', 'print { by, groups, ports, walks, pairs, cells: [{ from, to, port, reachable, code?, partial? }] }')
    .option('--csv', 'print every cell as CSV: from,to,port,reachable,code,partial')
    .option('--svg <file>', 'write a heat map (rows and columns grouped by VPC) to this file')
    .option('--workers <n>', 'worker threads walking the flows (the cells are the same for any number)', '1');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, flags: MatrixFlags) => {
    // Flags first: a typo costs no import.
    if (flags.json && flags.csv) throw new InputError('--json and --csv: choose one output format');
    const { by, ports } = checkMatrixOptions({ by: flags.by as GroupBy, ports: flags.ports, words: { by: '--by', ports: '--ports' } });
    const workers = threadCount('--workers', flags.workers)!;
    const loaded = await loadWholeDesign(file, importOptionsFrom(flags, io), flags, io);
    const bar = trialProgressBar(io.stderrTerminal, Date.now, 'flows');
    let m;
    try {
      m = await reachabilityMatrix(loaded.topology, { by, ports: ports.map((p) => p.label), workers, ...(bar && { onProgress: (trials: number, total: number) => bar.update({ trials, total }) }) });
    } finally {
      bar?.stop();
    }
    if (flags.svg !== undefined) {
      writeOutputFile(flags.svg, matrixSvg(m), writeFileSync);
      if (!flags.json && !flags.csv) io.stdout(matrixSummary(m) + `heat map written to ${printable(flags.svg)}\n`);
    }
    if (flags.svg === undefined || flags.json || flags.csv) {
      for (const chunk of flags.json ? matrixJson(m) : flags.csv ? matrixCsv(m) : matrixText(m)) io.stdout(chunk);
    }
    await loaded.store?.();
  });
}

// `vpcsim diff <before> <after> [--by ...] [--ports ...] [--json]`: the cells whose verdict changes
// between two designs (templates, snapshots, or one of each), grouped into rows with each side's
// blocker. Exit 0 when nothing changed, 1 when something did (like diff(1)), 2 for bad input.
import type { Command } from 'commander';
import { diffDesigns } from '../../analyze/matrix/entry-node.js';
import { checkMatrixOptions } from '../../analyze/matrix/matrix.js';
import { diffText } from '../../analyze/matrix/diff-text.js';
import type { GroupBy } from '../../analyze/matrix/members.js';
import { DEFAULT_PORTS } from '../../analyze/matrix/ports.js';
import { EXIT_UNREACHABLE, ExitCode, type CliIO } from '../io.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';

interface DiffFlags extends ImportFlags, CacheFlags {
  by: string;
  ports: string;
  json?: boolean;
}

export function registerDiff(program: Command, io: CliIO): void {
  const cmd = program
    .command('diff')
    .description('reachability changes between two designs: group pairs and ports whose verdict differs, with each side\'s blocker')
    .argument('<before>', 'the design today: template or snapshot')
    .argument('<after>', 'the design to compare: template or snapshot')
    .option('--by <grouping>', 'compare by subnet, instance, security-group or vpc', 'subnet')
    .option('--ports <list>', 'ports to compare: tcp/<port>, udp/<port>, icmp, all (comma separated)', DEFAULT_PORTS)
    .option('--json', 'print { by, ports, matched, rows, added, removed }');
  addImportOptions(addCacheOptions(cmd)).action(async (beforeFile: string, afterFile: string, flags: DiffFlags) => {
    const { by, ports } = checkMatrixOptions({ by: flags.by as GroupBy, ports: flags.ports, words: { by: '--by', ports: '--ports' } });
    const load = importOptionsFrom(flags, io);
    const before = await loadWholeDesign(beforeFile, load, flags, io);
    const after = await loadWholeDesign(afterFile, load, flags, io);
    const d = await diffDesigns(before.topology, after.topology, { by, ports: ports.map((p) => p.label) });
    io.stdout(flags.json ? JSON.stringify(d, null, 2) + '\n' : diffText(d));
    await before.store?.();
    await after.store?.();
    if (d.rows.length > 0 || d.added.length > 0 || d.removed.length > 0) throw new ExitCode(EXIT_UNREACHABLE);
  });
}

// `vpcsim trace <template-or-snapshot> --from X --to Y [--protocol P] [--port N] [--source-port N] [--all-blocking] [--json]`:
// can this packet get from X to Y and back? Exit 0 when reachable, 1 when not, 2 for bad input.
import type { Command } from 'commander';
import { explainTrace } from '../../analyze/explain.js';
import { checkQueryShape, FLAG_WORDS, toTraceProtocol } from '../../analyze/query-checks.js';
import { trace } from '../../analyze/trace-node.js';
import { checkFlowsFile, traceFlows } from './trace-flows.js';
import { BatchWalker } from '../../analyze/batch-walk.js';
import { loadEngine } from '../../../bindings/node.js';
import { CacheEntryDamaged } from '../../analyze/image-cache/index.js';
import { addCacheOptions, cacheOptionsFrom, loadDesign, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { InputError } from '../../model/errors.js';
import { EXIT_UNREACHABLE, ExitCode, type CliIO } from '../io.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { quote } from '../../model/printable.js';

interface TraceFlags extends ImportFlags, CacheFlags {
  from?: string;
  to?: string;
  protocol?: string;
  port?: string;
  sourcePort?: string;
  icmpType?: string;
  icmpCode?: string;
  allBlocking?: boolean;
  json?: boolean;
  flows?: string;
}

function icmpNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) throw new InputError(`${flag} ${quote(text)}: expected a number 0-255`);
  return Number(text);
}

function portNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new InputError(`${flag} ${quote(text)}: expected a port 0-65535`);
  return Number(text);
}

export function registerTrace(program: Command, io: CliIO): void {
  const cmd = program
    .command('trace')
    .description('trace one flow hop by hop: reachable (exit 0) or the component that blocks it (exit 1)')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .option('--from <source>', 'logical id, AWS id (i-..., eni-...) or IP address')
    .option('--to <destination>', 'logical id, AWS id, IP address or service name (com.amazonaws.<region>.s3)')
    .option('--protocol <protocol>', 'tcp, udp, icmp, icmpv6, all or a protocol number', 'tcp')
    .option('--port <port>', 'destination port (tcp/udp)')
    .option('--source-port <port>', 'source port (default: every port 1024-65535)')
    .option('--icmp-type <type>', 'ICMP type 0-255 (icmp, icmpv6; default echo request: 8, icmpv6 128)')
    .option('--icmp-code <code>', 'ICMP code 0-255 (icmp, icmpv6; default 0)')
    .option('--all-blocking', 'do not stop at the first blocking component: go on as if allowed and list every blocker')
    .option('--json', 'print the answer as one JSON object (with --flows: one JSON line per flow)')
    .option('--flows <file>', 'answer every flow of a .csv or .jsonl file, or - for standard input (columns from, to, protocol, port, sourcePort, icmpType, icmpCode) with one load: one CSV row or JSON line per flow, exit 1 when any is not reachable');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, flags: TraceFlags, command: Command) => {
    if (flags.flows !== undefined) return traceFlowsCommand(file, flags.flows, flags, command, io);
    if (flags.from === undefined || flags.to === undefined) throw new InputError('--from and --to name the flow to trace (or --flows FILE for many flows)');
    const { from, to } = flags;
    // Every flag is checked before the input is loaded (a big template takes seconds): a typo is
    // one line at once, not prefixed with the file's name.
    const port = portNumber('--port', flags.port);
    const sourcePort = portNumber('--source-port', flags.sourcePort);
    const icmpType = icmpNumber('--icmp-type', flags.icmpType);
    const icmpCode = icmpNumber('--icmp-code', flags.icmpCode);
    const protocol = toTraceProtocol(flags.protocol, FLAG_WORDS);
    const shape = { protocol, port, sourcePort, icmpType, icmpCode };
    checkQueryShape(shape, FLAG_WORDS);
    const load = importOptionsFrom(flags, io);
    const cache = cacheOptionsFrom(flags);
    const query = { from, to, ...shape, file, allBlocking: flags.allBlocking === true };
    let loaded = await loadDesign(file, load, cache, io);
    let answer;
    try {
      answer = await trace(loaded.topology, query, { words: FLAG_WORDS });
    } catch (err) {
      // A block of the cache entry changed on disk after it was opened (each is checked before use):
      // nothing was printed, so start over from the template and write the entry again.
      if (!(err instanceof CacheEntryDamaged)) throw err;
      loaded = await loadDesign(file, { ...load, warn: () => undefined }, { ...cache, rebuild: true }, io);
      answer = await trace(loaded.topology, query, { words: FLAG_WORDS });
    }
    io.stdout(flags.json ? JSON.stringify(answer, null, 2) + '\n' : explainTrace(answer));
    // After the answer: a large topology takes a while to encode.
    await loaded.store?.();
    if (!answer.reachable) throw new ExitCode(EXIT_UNREACHABLE);
  });
}

/** The flags a flows file replaces: given with --flows, they are refused (the file says them per flow). */
const PER_FLOW_FLAGS: Record<string, string> = { from: '--from', to: '--to', protocol: '--protocol', port: '--port', sourcePort: '--source-port', icmpType: '--icmp-type', icmpCode: '--icmp-code', allBlocking: '--all-blocking' };

async function traceFlowsCommand(file: string, flowsPath: string, flags: TraceFlags, command: Command, io: CliIO): Promise<void> {
  for (const [key, flag] of Object.entries(PER_FLOW_FLAGS)) {
    if (command.getOptionValueSource(key) === 'cli') throw new InputError(`${flag} is a column of the --flows file: give it per flow there`);
  }
  const format = await checkFlowsFile(flowsPath, io);
  const load = importOptionsFrom(flags, io);
  // Rows are printed as they are answered: the entry is checked whole before the first one.
  const loaded = await loadWholeDesign(file, load, flags, io);
  const walker = new BatchWalker(await loadEngine(), loaded.topology);
  const allReachable = await traceFlows(walker, flowsPath, format, flags.json === true, io);
  await loaded.store?.();
  if (!allReachable) throw new ExitCode(EXIT_UNREACHABLE);
}

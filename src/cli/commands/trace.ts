// `vpcsim trace <template-or-snapshot> --from X --to Y [--protocol P] [--port N] [--source-port N] [--all-blocking] [--json]`:
// can this packet get from X to Y and back? Exit 0 when reachable, 1 when not, 2 for bad input.
import type { Command } from 'commander';
import { explainTrace } from '../../analyze/explain.js';
import { checkQueryShape, FLAG_WORDS, toTraceProtocol } from '../../analyze/query-checks.js';
import { trace } from '../../analyze/trace-node.js';
import { DEFAULT_CACHE_MIN_BYTES, defaultCacheDir, loadCompiled, type CacheOptions } from '../../analyze/image-cache/index.js';
import { InputError } from '../../model/errors.js';
import { EXIT_UNREACHABLE, ExitCode, type CliIO } from '../io.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { quote } from '../../model/printable.js';
import { VERSION } from '../../version.js';

interface TraceFlags extends ImportFlags {
  from: string;
  to: string;
  protocol?: string;
  port?: string;
  sourcePort?: string;
  icmpType?: string;
  icmpCode?: string;
  allBlocking?: boolean;
  json?: boolean;
  /** `--cache DIR`: a directory; `--no-cache`: false; neither: undefined (the default directory). */
  cache?: string | false;
}

/** The image cache the flags ask for: `--cache DIR` caches any input there; by default, inputs of 1 MB or more go to $XDG_CACHE_HOME/vpcsim. */
export function cacheOptionsFrom(flags: { cache?: string | boolean }): CacheOptions {
  if (flags.cache === false) return { version: VERSION };
  if (typeof flags.cache === 'string') {
    if (flags.cache.trim() === '') throw new InputError('--cache: expected a directory');
    return { dir: flags.cache, version: VERSION };
  }
  return { dir: defaultCacheDir(), minBytes: DEFAULT_CACHE_MIN_BYTES, version: VERSION };
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
    .requiredOption('--from <source>', 'logical id, AWS id (i-..., eni-...) or IP address')
    .requiredOption('--to <destination>', 'logical id, AWS id, IP address or service name (com.amazonaws.<region>.s3)')
    .option('--protocol <protocol>', 'tcp, udp, icmp, icmpv6, all or a protocol number', 'tcp')
    .option('--port <port>', 'destination port (tcp/udp)')
    .option('--source-port <port>', 'source port (default: every port 1024-65535)')
    .option('--icmp-type <type>', 'ICMP type 0-255 (icmp, icmpv6; default echo request: 8, icmpv6 128)')
    .option('--icmp-code <code>', 'ICMP code 0-255 (icmp, icmpv6; default 0)')
    .option('--all-blocking', 'do not stop at the first blocking component: go on as if allowed and list every blocker')
    .option('--json', 'print the answer as one JSON object')
    .option('--cache <dir>', 'keep compiled images in this directory (default: $XDG_CACHE_HOME/vpcsim or ~/.cache/vpcsim, for inputs of 1 MB or more)')
    .option('--no-cache', 'neither read nor write the compiled-image cache');
  addImportOptions(cmd).action(async (file: string, flags: TraceFlags) => {
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
    const loaded = await loadCompiled(file, load, cacheOptionsFrom(flags));
    const answer = await trace(loaded.topology, { from: flags.from, to: flags.to, ...shape, file, allBlocking: flags.allBlocking === true }, { words: FLAG_WORDS });
    io.stdout(flags.json ? JSON.stringify(answer, null, 2) + '\n' : explainTrace(answer));
    // After the answer: a large topology takes a while to encode.
    await loaded.store?.();
    if (!answer.reachable) throw new ExitCode(EXIT_UNREACHABLE);
  });
}

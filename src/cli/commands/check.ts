// `vpcsim check <template-or-snapshot> --policy policy.yaml [--junit FILE] [--json]`: every assertion
// of the policy (from/to selectors, protocol, ports, expect reachable|unreachable), violated ones with
// witness flows explained as `trace` explains them. Exit 0 when all hold, 1 when one is violated, 2 for
// bad input (an unknown selector: one line naming the assertion and the selector).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { checkPolicy } from '../../analyze/matrix/entry-node.js';
import { readPolicy } from '../../analyze/matrix/policy-check.js';
import { policyJUnit, policyText } from '../../analyze/matrix/policy-text.js';
import { readTextFile } from '../../import/read-input.js';
import { EXIT_UNREACHABLE, ExitCode, type CliIO } from '../io.js';
import { addCacheOptions, loadWholeDesign, type CacheFlags } from '../load-design.js';
import { addImportOptions, importOptionsFrom, type ImportFlags } from '../options.js';
import { writeOutputFile } from './output-file.js';

interface CheckFlags extends ImportFlags, CacheFlags {
  policy: string;
  junit?: string;
  json?: boolean;
}

export function registerCheck(program: Command, io: CliIO): void {
  const cmd = program
    .command('check')
    .description('check reachability assertions (policy.yaml) against a design; violated ones list witness flows')
    .argument('<file>', 'CloudFormation template (YAML/JSON) or describe-* snapshot (file or directory)')
    .requiredOption('--policy <file>', 'assertions: [{ name, from, to, protocol, port, expect: reachable|unreachable }]')
    .option('--junit <file>', 'also write the results as JUnit XML (one test case per assertion)')
    .option('--json', 'print { file, passed, failed, assertions: [{ name, expect, holds, flows, witnesses }] }');
  addImportOptions(addCacheOptions(cmd)).action(async (file: string, flags: CheckFlags) => {
    // The policy is read and checked before the (possibly large) design.
    const text = await readTextFile(flags.policy);
    readPolicy(text.text, flags.policy);
    const loaded = await loadWholeDesign(file, importOptionsFrom(flags, io), flags, io);
    const result = await checkPolicy(loaded.topology, text.text, { file: flags.policy });
    if (flags.junit !== undefined) writeOutputFile(flags.junit, policyJUnit(result), writeFileSync);
    io.stdout(flags.json ? JSON.stringify(result, null, 2) + '\n' : policyText(result));
    await loaded.store?.();
    if (result.failed > 0) throw new ExitCode(EXIT_UNREACHABLE);
  });
}

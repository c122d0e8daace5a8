// A policy check as text (PASS/FAIL per assertion, witnesses with trace's explanation) and as JUnit XML
// (one testcase per assertion, a failure per violated one), so every CI system shows the assertions as tests.
import { printable } from '../../model/printable.js';
import { MAX_WITNESSES, type AssertionResult, type PolicyResult, type PolicyWitness } from './policy.js';

function witnessLines(w: PolicyWitness): string[] {
  const port = w.ports ? `${w.port} (stands for ${w.ports})` : w.port;
  const head = `${w.from} ${w.source} -> ${w.to} ${w.destination} ${port}: ${w.reachable ? 'reachable' : 'blocked'}`;
  if (w.blockedBy) {
    const b = w.blockedBy;
    return [head, `  ${b.code} at ${b.component} (${b.type}${b.rule ? ` ${b.rule}` : ''}, ${b.direction}): ${b.detail}`];
  }
  return [head, ...(w.path ?? []).map((h) => `  > ${h}`), ...(w.returnPath ?? []).map((h) => `  < ${h}`)];
}

/** The walk of an assertion stops at its MAX_WITNESSES-th witness: from there on the count is a floor. */
function failureSummary(r: AssertionResult): string {
  const what = r.expect === 'unreachable' ? 'reachable' : 'blocked';
  const n = r.witnesses.length;
  if (n >= MAX_WITNESSES) return `expected ${r.expect}, at least ${n} flows ${what} (the first ${n} shown)`;
  return `expected ${r.expect}, ${n} flow${n === 1 ? '' : 's'} ${what}`;
}

/** A policy check result as the text `vpcsim check` prints. */
export function policyText(result: PolicyResult): string {
  let out = '';
  for (const r of result.assertions) {
    if (r.holds) {
      out += `PASS ${printable(r.name)} (${r.flows} flow${r.flows === 1 ? '' : 's'})\n`;
      continue;
    }
    out += `FAIL ${printable(r.name)}: ${failureSummary(r)}\n`;
    for (const w of r.witnesses) out += witnessLines(w).map((l) => `  ${printable(l)}\n`).join('');
  }
  out += `${result.assertions.length} assertion${result.assertions.length === 1 ? '' : 's'}: ${result.passed} passed, ${result.failed} failed\n`;
  return out;
}

const xml = (text: string) => printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A policy check result as JUnit XML, one test case per assertion (`check --junit`). */
export function policyJUnit(result: PolicyResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites tests="${result.assertions.length}" failures="${result.failed}">`];
  lines.push(`  <testsuite name="${xml(`vpcsim check ${result.file}`)}" tests="${result.assertions.length}" failures="${result.failed}" errors="0" skipped="0">`);
  for (const r of result.assertions) {
    const open = `    <testcase classname="vpcsim.policy" name="${xml(r.name)}"`;
    if (r.holds) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    // Each line escaped on its own: the body's own line breaks stay line breaks (a CI page shows them).
    const body = r.witnesses.flatMap(witnessLines).map(xml).join('\n');
    lines.push(`      <failure message="${xml(failureSummary(r))}" type="${r.expect === 'unreachable' ? 'reachable' : 'unreachable'}">${body}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

// CSV formula injection (OWASP "CSV Injection", ASVS 1.2.10): a CSV cell that came from input and starts
// with `=`, `+`, `-`, `@`, tab or CR is read by a spreadsheet as a formula (`=cmd|' /C calc'!A0` runs a
// program in old Excel). `matrix --csv` and `trace --flows` write such a cell with a leading `'` (quoted),
// so the spreadsheet shows text; a number (`-1`) is left as it is. docs/semantics.md "Hostile input".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, printable } from '../src/model/printable.js';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DDE = "=cmd|' /C calc'!A0";
/** Instance id -> the Name tag it gets. */
const NAMES: Record<string, string> = {
  'i-0aaaaaaaaaaaaaaa1': DDE,
  'i-0aaaaaaaaaaaaaaa2': '@SUM(1+1)',
  'i-0bbbbbbbbbbbbbbb1': '-1',
  'i-0ccccccccccccccc1': '+1-2',
};

function snapshot(): string {
  const doc = JSON.parse(readFileSync('test/fixtures/snapshot/account-merged.json', 'utf8'));
  for (const r of doc.Reservations) {
    for (const i of r.Instances) if (NAMES[i.InstanceId]) i.Tags = [{ Key: 'Name', Value: NAMES[i.InstanceId] }];
  }
  const file = join(dir, 'names.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** RFC 4180 fields of one line (no line breaks inside fields: the writers escape them). */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (line[q + 1] === '"') {
          value += line.slice(i, q + 1);
          i = q + 2;
        } else {
          value += line.slice(i, q);
          i = q + 1;
          break;
        }
      }
      out.push(value);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** A cell a spreadsheet would evaluate: starts with = + - @ tab CR and is not a plain number. */
const FORMULA = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);

describe('CSV cells from input cannot become spreadsheet formulas', () => {
  it('csvCell: a leading = + - @ tab CR gets a quote in front; numbers, plain text and RFC 4180 quoting as before', () => {
    expect(csvCell(DDE)).toBe(`"'=cmd|' /C calc'!A0"`);
    expect(csvCell('@SUM(1+1)')).toBe(`"'@SUM(1+1)"`);
    expect(csvCell('+1-2')).toBe(`"'+1-2"`);
    expect(csvCell('-2+3')).toBe(`"'-2+3"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const n of ['-1', '+5', '-1.5', '0', '65535']) expect(csvCell(n)).toBe(n);
    expect(csvCell('web-1')).toBe('web-1');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('')).toBe('');
    // Tab and CR are escaped (`\t`, `\r`) before the check, so they never lead a cell.
    expect(csvCell('\t=1+1')).toBe('\\t=1+1');
    expect(csvCell('\r=1+1')).toBe('\\r=1+1');
  });

  it('csvCell: a cell left as it is (tested a character at a time) is exactly the cell the escaping rules give', () => {
    // The rules written out (printable, formula prefix, RFC 4180 quoting), without csvCell's shortcut.
    const byRules = (text: string): string => {
      let cell = printable(text);
      const formula = /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell);
      if (formula) cell = `'${cell}`;
      return formula || /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
    };
    // Each side of each test the shortcut makes: first character, last character, every character.
    const cells = ['', 'a', 'web-1', '10.0.0.1', 'TGW_RTB_CANNOT_ROUTE', 'has no route to 10.1.0.10', 'x ', ' x', ' ', 'a b', '~', '}', '!x'];
    for (const c of ['=', '+', '-', '@', '"', ',', '\t', '\r', '\n', '\x1b', '\x7f', '\x9b', '\u00a0', '\u202e', '\u2028', '\ufeff', 'é', '1', 'a', ' ']) cells.push(c, `${c}x`, `x${c}`, `x${c}y`, `${c}1`, `${c}${c}`);
    cells.push('-1', '+5', '-1.5', '-1.', '- 1', '@', 'a"b', 'a,b', 'a\u00a0', '\u00a0a');
    for (const cell of cells) expect(csvCell(cell), JSON.stringify(cell)).toBe(byRules(cell));
  });

  it('matrix --csv: instance names =cmd, @SUM, +1-2 get a leading quote; -1 stays a number', async () => {
    const run = await runCli('matrix', snapshot(), '--by', 'instance', '--ports', 'tcp/22', '--csv');
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n').slice(1).map(fields);
    const names = new Set(rows.flatMap((r) => [r[0]!, r[1]!]));
    expect([...names].sort()).toEqual(["'+1-2", "'=cmd|' /C calc'!A0", "'@SUM(1+1)", '-1'].sort());
    for (const r of rows) for (const cell of r) expect(FORMULA(cell), cell).toBe(false);
    expect(run.stdout).toContain(`"'=cmd|' /C calc'!A0"`);
  });

  it('trace --flows: the echoed from/to, the source and destination names and the blocking component', async () => {
    const flows = join(dir, 'flows.csv');
    writeFileSync(flows, `from,to,port\n"${DDE.replaceAll('"', '""')}",+1-2,22\n@SUM(1+1),-1,22\n-1,${DDE},22\n`);
    const run = await runCli('trace', snapshot(), '--flows', flows, '--no-cache');
    expect(run.stderr).not.toMatch(/^error/m);
    const rows = run.stdout.trim().split('\n').slice(1).map(fields);
    expect(rows).toHaveLength(3);
    for (const r of rows) for (const cell of r) expect(FORMULA(cell), `${cell} in ${r.join('|')}`).toBe(false);
    expect(rows[0]![1]).toBe(`'${DDE}`);
    expect(rows[0]![2]).toBe("'+1-2");
    expect(rows[1]![1]).toBe("'@SUM(1+1)");
    expect(rows[1]![2]).toBe('-1');
  });

  it('--json stays exact', async () => {
    const run = await runCli('matrix', snapshot(), '--by', 'instance', '--ports', 'tcp/22', '--json');
    expect(JSON.parse(run.stdout).groups.map((g: { id: string }) => g.id)).toContain(DDE);
  });
});

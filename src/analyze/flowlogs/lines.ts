// The lines of one input that JS reads (./parse.ts): every line of a source of lines, and the lines
// the engine's byte parser hands back (./bytes.ts): blank lines, the header that may start a file
// (S3 delivery), malformed lines (counted, listed with file and line; --strict: exit 2), records.
import { InputError } from '../../model/errors.js';
import { checkFormat, headerFormat, type FlowLogFormat } from './format.js';
import { LineKind, RecordParser, rolesOf } from './parse.js';
import type { FlowLogReport, MalformedLine } from './report.js';
import type { ReplayWindow } from './window.js';

/** Malformed lines the report lists (all are counted). */
export const MALFORMED_KEPT = 100;

/** The lines of one input JS reads: all of a source of lines, the lines the engine hands back from bytes. */
export class LineReader {
  parser: RecordParser;
  /** The first non-blank line is yet to come (it may be a header). */
  first = true;

  constructor(
    given: FlowLogFormat,
    private readonly name: string,
    readonly file: number,
    private readonly window: ReplayWindow,
    private readonly report: FlowLogReport,
    private readonly strict: boolean,
  ) {
    this.parser = new RecordParser(given);
  }

  /** The roles of the current format's fields (the engine's parser takes them). */
  roles() {
    return rolesOf(this.parser.format);
  }

  /** Record lines the engine read, and NODATA / SKIPDATA records among them. */
  count(records: number, skipped: number): void {
    this.report.records += records;
    this.report.skipped += skipped;
  }

  /** Line `lineNo` (1-based, physical), without its '\n'. Returns true when it changed the format (a header). */
  line(raw: string, lineNo: number): boolean {
    const report = this.report;
    if (raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
    if (raw.length === 0 || (raw.charCodeAt(0) <= 32 && raw.trim() === '')) return false;
    if (this.first) {
      this.first = false;
      // S3 delivery starts each file with the field names (the header is line 1).
      const header = headerFormat(raw);
      if (header) {
        this.parser = new RecordParser(checkFormat(header, `${this.name} line ${lineNo} (header)`));
        return true;
      }
    }
    report.records++;
    const kind = this.parser.parse(raw);
    if (kind === LineKind.Skipped) {
      report.skipped++;
      return false;
    }
    if (kind === LineKind.Malformed) {
      report.malformed++;
      const problem = this.parser.record.problem;
      if (this.strict) throw new InputError(`${this.name} line ${lineNo}: malformed flow log record: ${problem}`);
      if (report.malformedLines.length < MALFORMED_KEPT) report.malformedLines.push({ file: this.name, line: lineNo, problem } satisfies MalformedLine);
      return false;
    }
    this.window.addRecord(this.parser.record, this.file, lineNo, raw);
    return false;
  }
}

// Flow log record formats [FL-REC] ("Flow log records", Amazon VPC User Guide): the fields of every
// version, the default format (version 2, FL-2), custom formats written with AWS's `${field}` syntax
// (--format, CloudWatch Logs) or named by the header line AWS writes to S3, and the fields the replay
// needs.
import { InputError } from '../../model/errors.js';
import { quote } from '../../model/printable.js';

/** Every field AWS documents, with the version that introduced it. */
export const FLOW_LOG_FIELDS: Readonly<Record<string, number>> = {
  version: 2,
  'account-id': 2,
  'interface-id': 2,
  srcaddr: 2,
  dstaddr: 2,
  srcport: 2,
  dstport: 2,
  protocol: 2,
  packets: 2,
  bytes: 2,
  start: 2,
  end: 2,
  action: 2,
  'log-status': 2,
  'vpc-id': 3,
  'subnet-id': 3,
  'instance-id': 3,
  'tcp-flags': 3,
  type: 3,
  'pkt-srcaddr': 3,
  'pkt-dstaddr': 3,
  region: 4,
  'az-id': 4,
  'sublocation-type': 4,
  'sublocation-id': 4,
  'pkt-src-aws-service': 5,
  'pkt-dst-aws-service': 5,
  'flow-direction': 5,
  'traffic-path': 5,
  // Later versions: read and ignored.
  'ecs-cluster-arn': 7,
  'ecs-cluster-name': 7,
  'ecs-container-instance-arn': 7,
  'ecs-container-instance-id': 7,
  'ecs-container-id': 7,
  'ecs-second-container-id': 7,
  'ecs-service-name': 7,
  'ecs-task-definition-arn': 7,
  'ecs-task-arn': 7,
  'ecs-task-id': 7,
  'reject-reason': 8,
};

/** FL-2: the default format, version 2 fields in order. */
export const DEFAULT_FORMAT: readonly string[] = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

/** What the replay cannot do without (issue 14 §1). */
export const REQUIRED_FIELDS: readonly string[] = ['interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'action', 'start'];

/** A format: its fields in record order. */
export type FlowLogFormat = readonly string[];

/** A `${field} ${field} ...` format (AWS's LogFormat syntax); `where` names it in errors (`--format`). */
export function parseFormat(text: string, where = '--format'): FlowLogFormat {
  const tokens = text.trim().split(/\s+/).filter((s) => s !== '');
  if (tokens.length === 0) throw new InputError(`${where}: empty format (expected fields like '\${version} \${interface-id} ...')`);
  const fields = tokens.map((token) => {
    const m = /^\$\{([^}]*)\}$/.exec(token);
    if (!m) throw new InputError(`${where}: ${quote(token)} is not a field (write fields as \${srcaddr})`);
    const name = m[1]!;
    if (!(name in FLOW_LOG_FIELDS)) throw new InputError(`${where}: unknown flow log field ${quote(name)}`);
    return name;
  });
  return checkFormat(fields, where);
}

/** The fields named by a header line, or undefined when the line is not a header (S3 files start with one). */
export function headerFormat(line: string): FlowLogFormat | undefined {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 2 || !tokens.every((t) => /^[a-z][a-z0-9-]*$/.test(t))) return undefined;
  if (!tokens.some((t) => t in FLOW_LOG_FIELDS)) return undefined;
  return tokens;
}

/** Exit 2 naming the first required field the format lacks, or a field named twice. */
export function checkFormat(fields: FlowLogFormat, where: string): FlowLogFormat {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f)) throw new InputError(`${where}: the field ${quote(f)} appears twice`);
    seen.add(f);
  }
  for (const f of REQUIRED_FIELDS) if (!seen.has(f)) throw new InputError(`${where}: the format has no ${f} field (the replay needs ${REQUIRED_FIELDS.join(', ')})`);
  return fields;
}

/** The format as AWS writes it in `--log-format`. */
export function formatText(fields: FlowLogFormat): string {
  return fields.map((f) => `\${${f}}`).join(' ');
}

// Imports `aws ec2 describe-*` (and Direct Connect describe-*) JSON into a Topology. Input is any number
// of already-parsed documents — one per command, any file names, or one object merging the keys;
// each top-level key is read by its reader in readers.ts, in table order, whatever the document order.
import { InputError } from '../../model/errors.js';
import { assertArray } from '../../model/guards.js';
import { finalizeTopology } from '../../model/finalize.js';
import { emptyTopology, type Resource, type Topology } from '../../model/types.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type ImportOptions } from '../options.js';
import { SnapshotContext, type CollectionName, type SnapshotKeyReader } from './context.js';
import { Fields, isObject, show } from './fields.js';
import { READERS } from './readers.js';

/** The top-level keys of `aws ec2 describe-*` (and Direct Connect) output that importSnapshot() reads. */
export const SNAPSHOT_KEYS: ReadonlySet<string> = new Set(READERS.map((r) => r.key));

export interface SnapshotDocument {
  /** File name used in messages. */
  file: string;
  json: unknown;
}

const PARENT_KEYS = new Set(READERS.flatMap((r) => (r.parentKey ? [r.parentKey] : [])));

/** True when the parsed document has at least one describe-* key vpcsim reads. */
function isSnapshotDocument(json: unknown): boolean {
  return isObject(json) && Object.keys(json).some((k) => SNAPSHOT_KEYS.has(k));
}

function notASnapshot(file: string): InputError {
  return new InputError('is neither a CloudFormation template nor a describe-* snapshot (no key such as Vpcs, Subnets or RouteTables)', { file });
}

/** Warns once per top-level key that no reader uses (not fatal). */
function checkKeys(doc: SnapshotDocument, obj: Record<string, unknown>, ctx: SnapshotContext, pages: ReadonlyMap<string, number>): void {
  for (const key of Object.keys(obj)) {
    if (SNAPSHOT_KEYS.has(key)) continue;
    const isParent = PARENT_KEYS.has(key) && READERS.some((r) => r.parentKey === key && Object.hasOwn(obj, r.key));
    if (isParent) continue;
    // C-7: pages of one paginated output in several files are read together; a lone page misses resources.
    const paged = Object.keys(obj).some((k) => SNAPSHOT_KEYS.has(k) && (pages.get(k) ?? 0) > 1);
    if (key === 'NextToken' && paged) continue;
    if (key === 'NextToken') ctx.warn(`${doc.file}: NextToken: the output is one page of a paginated result; resources on other pages are missing`);
    else if (key === 'AdditionalRoutesAvailable') {
      // search-transit-gateway-routes stops at 1000 routes and says so here.
      if (obj[key] === true) ctx.warn(`${doc.file}: AdditionalRoutesAvailable: search-transit-gateway-routes returned only part of the routes`);
    } else ctx.warn(`${doc.file}: top-level key ${show(key)} is not a describe-* output vpcsim reads; ignored`);
  }
}

function parentId(reader: SnapshotKeyReader, doc: SnapshotDocument, obj: Record<string, unknown>): string {
  const given = Object.hasOwn(obj, reader.parentKey!) ? obj[reader.parentKey!] : undefined;
  if (typeof given === 'string' && given !== '') return given;
  if (given !== undefined) throw new InputError(`${reader.parentKey} ${show(given)} is not an id`, { file: doc.file });
  const base = doc.file.split(/[\\/]/).pop() ?? '';
  const fromName = reader.parentIdPattern?.exec(base)?.[0];
  if (fromName) return fromName;
  throw new InputError(`${reader.key} needs ${reader.parentKey} beside it (the AWS CLI does not print it; add it, or put the id in the file name)`, { file: doc.file });
}

function readKey(reader: SnapshotKeyReader, doc: SnapshotDocument, obj: Record<string, unknown>, ctx: SnapshotContext): void {
  const list = obj[reader.key];
  if (!Array.isArray(list)) throw new InputError(`${reader.key} ${show(list)} is not a list`, { file: doc.file });
  const parent = reader.parentKey ? parentId(reader, doc, obj) : undefined;
  list.forEach((item, i) => {
    const path = `${reader.key}[${i}]`;
    if (!isObject(item)) throw new InputError(`${path} ${show(item)} is not an object`, { file: doc.file });
    const where = { file: doc.file, resourceType: reader.resourceType, id: parent ?? path };
    let f = new Fields(item, where, parent ? path : '');
    if (reader.idField) f = f.forResource(reader.resourceType, f.str(reader.idField));
    reader.read(f, ctx, parent);
  });
}

function byId(a: Resource, b: Resource): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function smallest(ids: Set<string>): string | undefined {
  return [...ids].sort()[0];
}

const COLLECTIONS: CollectionName[] = [
  'vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'networkInterfaces', 'instances',
  'internetGateways', 'egressOnlyInternetGateways', 'natGateways', 'vpcPeeringConnections', 'transitGateways',
  'transitGatewayAttachments', 'transitGatewayRouteTables', 'vpnGateways', 'customerGateways', 'vpnConnections',
  'directConnectGateways', 'directConnectConnections', 'virtualInterfaces', 'vpcEndpoints', 'prefixLists',
];

/**
 * A topology from `aws ec2 describe-*` JSON documents (one merged object, or one per command, in any order),
 * not yet validated (loadTopology() validates); bad input throws an InputError naming the file, the resource
 * and the field.
 */
export function importSnapshot(docs: SnapshotDocument[], opts: ImportOptions = {}): Topology {
  assertArray(docs, 'importSnapshot', 'the documents');
  if (docs.length === 0) throw new InputError('no describe-* documents to import');
  const ctx = new SnapshotContext(opts.warn);
  const pages = new Map<string, number>();
  for (const doc of docs) if (isObject(doc.json)) for (const k of Object.keys(doc.json)) if (SNAPSHOT_KEYS.has(k)) pages.set(k, (pages.get(k) ?? 0) + 1);
  // C-7: in a directory (several documents), other describe-* outputs are skipped with one warning each.
  const objects = docs.flatMap((doc) => {
    if (!isSnapshotDocument(doc.json)) {
      if (docs.length === 1 || !isObject(doc.json)) throw notASnapshot(doc.file);
      ctx.warn(`${doc.file}: ${Object.keys(doc.json).map(show).join(', ') || 'an empty object'}: not a describe-* output vpcsim reads; skipped`);
      return [];
    }
    const obj = doc.json as Record<string, unknown>;
    checkKeys(doc, obj, ctx, pages);
    return [{ doc, obj }];
  });
  if (objects.length === 0) throw notASnapshot(docs[0]!.file);
  for (const reader of READERS) {
    for (const { doc, obj } of objects) if (Object.hasOwn(obj, reader.key)) readKey(reader, doc, obj, ctx);
  }
  for (const reader of READERS) reader.finish?.(ctx);

  // C-5: --region, else the Region of the Availability Zones, else us-east-1.
  const region = opts.region ?? ctx.inferredRegion() ?? DEFAULT_REGION;
  const accountId = opts.accountId ?? smallest(ctx.vpcOwners) ?? smallest(ctx.otherOwners) ?? DEFAULT_ACCOUNT_ID;
  const t = emptyTopology(region, accountId);
  // C-4: lists in id order, so the result never depends on file order.
  for (const name of COLLECTIONS) (t[name] as Resource[]) = ctx.all(name).sort(byId);
  t.warnings.push(...ctx.warnings);
  return finalizeTopology(t);
}

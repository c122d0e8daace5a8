// What every model object has: its AWS id, the id the user wrote, and its Name tag. Its own module
// so that the network model (./types.ts) and the API Gateway model (./apigateway.ts) share it
// without importing each other.
export interface Resource {
  /** AWS physical id, e.g. `vpc-0a1b2c3d4e5f60718`. */
  readonly id: string;
  /** Logical id in the template (or the physical id for snapshots). */
  readonly logicalId: string;
  /** The `Name` tag, when present. */
  name?: string;
  /**
   * Its other tags (Key -> Value), when it has any: instances, subnets, VPCs and security groups, which
   * `vpcsim check` selects with `{ tag: { Key: Value } }`. The Name tag is `name`.
   */
  tags?: Readonly<Record<string, string>>;
}

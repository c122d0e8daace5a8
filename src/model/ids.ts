// Deterministic physical ids for resources that come from templates or the builder: the same
// logical id always gives the same AWS-shaped id (`vpc-` + 17 hex digits), so runs are reproducible.

/** 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. */
function fnv1a64Hex(text: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * `physicalId('vpc', 'AppVpc')` -> `vpc-0` + 16 hex digits. `scope` separates namespaces
 * (e.g. the stack name) so two templates with the same logical ids do not collide.
 */
export function physicalId(prefix: string, logicalId: string, scope = ''): string {
  return `${prefix}-0${fnv1a64Hex(`${scope}\u0000${prefix}\u0000${logicalId}`)}`;
}

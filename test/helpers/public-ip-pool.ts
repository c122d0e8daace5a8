// The public IPv4 pool as docs/semantics.md states the CHOICE ("Public IPv4 pool (ADDR-12, EIPs)"),
// written from that text for tests: 3.0.0.0/8; FNV-1a (32-bit, over the owner id's UTF-8 bytes)
// modulo 2^24 picks the address; `.0` and `.255` and addresses already taken move to the next one.

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

export class DocumentedPublicIpPool {
  private readonly taken: Set<string>;

  /** `taken`: addresses already in use (declared Elastic IPs, public IPs the input gave). */
  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  /** The address the owner with id `ownerId` gets, in dotted form. */
  next(ownerId: string): string {
    for (let offset = fnv1a(ownerId) % 2 ** 24; ; offset = (offset + 1) % 2 ** 24) {
      const text = `3.${offset >>> 16}.${(offset >>> 8) & 255}.${offset & 255}`;
      if ((offset & 255) === 0 || (offset & 255) === 255 || this.taken.has(text)) continue;
      this.taken.add(text);
      return text;
    }
  }
}

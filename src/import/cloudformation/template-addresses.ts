// The addresses AWS assigns a template's resources at creation, made deterministic: each
// AWS::EC2::EIP's public address and each Amazon-provided IPv6 block of an AWS::EC2::VPCCidrBlock,
// given out in logical-id order (C-4) so they do not depend on template order.
import { makePrefix, type Address, type Prefix } from '../../model/ip.js';
import { PublicIpPool } from '../../model/public-ips.js';
import type { RawResource } from './raw-resource.js';

/** What the addresses are worked out from (TemplateResolver). */
export interface AddressSource {
  /** Every resource, created or not. */
  all(): readonly RawResource[];
  /** The created resources. */
  included(): readonly RawResource[];
  idOf(r: RawResource): string;
  physicalIdOf(logicalId: string): string;
}

/** Worked out on first use, for all resources of the kind at once. */
export class TemplateAddresses {
  private eipCache?: Map<string, Address>;
  private eipByValue?: Map<string, string>;
  private ipv6Cache?: Map<string, Prefix>;

  constructor(private readonly source: AddressSource) {}

  elasticIpLogicalId(value: string): string | undefined {
    // EIPs only: indexing every resource (logicalIdOf) for a NAT gateway's AllocationId cost more than the NAT's whole mapping.
    if (!this.eipByValue) {
      this.eipByValue = new Map();
      for (const r of this.source.included()) {
        if (r.type !== 'AWS::EC2::EIP') continue;
        this.eipByValue.set(this.source.idOf(r), r.logicalId);
        this.eipByValue.set(this.elasticIp(r.logicalId).text, r.logicalId);
      }
    }
    return this.eipByValue.get(value);
  }

  elasticIp(logicalId: string): Address {
    if (!this.eipCache) {
      // Logical-id order, so the addresses do not depend on template order (C-4).
      const pool = new PublicIpPool();
      this.eipCache = new Map();
      for (const lid of this.source.all().filter((r) => r.type === 'AWS::EC2::EIP').map((r) => r.logicalId).sort()) {
        this.eipCache.set(lid, pool.allocate(this.source.physicalIdOf(lid)));
      }
    }
    return this.eipCache.get(logicalId)!;
  }

  amazonIpv6Block(logicalId: string): Prefix {
    if (!this.ipv6Cache) {
      // CHOICE (docs/semantics.md): Amazon-provided /56 blocks come from 2600:1f18::/32 by hash, probing on collision.
      this.ipv6Cache = new Map();
      const used = new Set<bigint>();
      for (const lid of this.source.all().filter((r) => r.type === 'AWS::EC2::VPCCidrBlock').map((r) => r.logicalId).sort()) {
        let index = BigInt(`0x${this.source.physicalIdOf(lid).slice(-6)}`) & 0xffffffn;
        while (used.has(index)) index = (index + 1n) & 0xffffffn;
        used.add(index);
        this.ipv6Cache.set(lid, makePrefix(6, (0x26001f18n << 96n) | (index << 72n), 56));
      }
    }
    return this.ipv6Cache.get(logicalId)!;
  }
}

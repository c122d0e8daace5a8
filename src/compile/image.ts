// The compiled network: one Int32Array laid out as abi/image.ts says, plus the dense-id tables back
// to the model objects (and so to their AWS ids and logical ids).
import type {
  EgressOnlyInternetGateway,
  InternetGateway,
  ManagedPrefixList,
  NatGateway,
  NetworkAcl,
  NetworkFirewall,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  VirtualInterface,
  VpnConnection,
  VpnGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
} from '../model/types.js';
import type { FailableComponent } from './failable-component.js';
import { Header, Section, SECTION_ALIGN_WORDS } from '../../abi/image.js';
import { IMAGE_MAGIC, IMAGE_VERSION } from '../../abi/version.js';
import type { RecordTable } from './records.js';

/** Dense id -> model object, per kind. Index i of each array is dense id i in the image. */
export interface ImageNames {
  vpcs: Vpc[];
  subnets: Subnet[];
  networkInterfaces: NetworkInterface[];
  securityGroups: SecurityGroup[];
  prefixLists: ManagedPrefixList[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  internetGateways: InternetGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  natGateways: NatGateway[];
  vpcPeeringConnections: VpcPeeringConnection[];
  vpcEndpoints: VpcEndpoint[];
  transitGatewayAttachments: TransitGatewayAttachment[];
  transitGatewayRouteTables: TransitGatewayRouteTable[];
  vpnGateways: VpnGateway[];
  /** OnPremConnection order: VPN connections, then virtual interfaces. */
  onPremConnections: Array<VpnConnection | VirtualInterface>;
  firewalls: NetworkFirewall[];
  /** Availability Zone names in name order (SubnetField.Zone). */
  zones: string[];
}

export interface NetworkImage {
  /**
   * Header + sections (abi/image.ts). Copied into engine memory once per load. An image whose words
   * are `stored` reads them all on the first access of this property.
   */
  readonly words: Int32Array;
  /** Where the words are when they are still in a file (the CLI's image cache): the engine and a hop's explanation read them from there. */
  readonly stored?: StoredWords;
  names: ImageNames;
  /** Failable components (MC-1): index = component id, the bit of the down set (./components.ts). */
  components: FailableComponent[];
  /** Down-set id (AWS id, AZ name, `<vpn id>#tunnelN`) -> component id. */
  componentIds: Map<string, number>;
}

/**
 * Image words kept in a file: read into engine memory without a copy in the JS heap (22 MB at 1,000
 * VPCs, where touching fresh memory is most of a cached load), or one word at a time. A read checks
 * what it reads and throws when the file does not hold what was written (the cache's
 * CacheEntryDamaged).
 */
export interface StoredWords {
  /** Number of words. */
  readonly length: number;
  /** Writes every word into `target` (exactly `length` long). */
  readInto(target: Int32Array): void;
  /** Word i. */
  at(i: number): number;
}

/** Word i of the image, without reading stored words whole. */
export function imageWord(image: NetworkImage, i: number): number {
  return image.stored ? image.stored.at(i) : image.words[i]!;
}

/** Packs the section tables (indexed by Section) behind a header. */
export function packImage(sections: RecordTable[]): Int32Array {
  // Each section starts on a 64-byte boundary (the engine places the image 64-byte aligned), so a
  // 16-word record such as an ENI is exactly one cache line.
  const align = (w: number) => (w + SECTION_ALIGN_WORDS - 1) & -SECTION_ALIGN_WORDS;
  const headerWords = align(Header.FirstSection + 2 * Section.Count);
  let total = headerWords;
  for (const s of sections) total += align(s.view().length);
  const words = new Int32Array(total);
  words[Header.Magic] = IMAGE_MAGIC;
  words[Header.Version] = IMAGE_VERSION;
  words[Header.SectionCount] = Section.Count;
  let offset = headerWords;
  for (let i = 0; i < Section.Count; i++) {
    const data = sections[i]!.view();
    words[Header.FirstSection + 2 * i] = offset;
    words[Header.FirstSection + 2 * i + 1] = sections[i]!.count;
    words.set(data, offset);
    offset += align(data.length);
  }
  return words;
}

/** Reads back a section of a packed image: its records and record width. */
export function section(words: Int32Array, which: Section, stride: number): Int32Array {
  const offset = words[Header.FirstSection + 2 * which]!;
  const count = words[Header.FirstSection + 2 * which + 1]!;
  return words.subarray(offset, offset + count * stride);
}

export function sectionCount(words: Int32Array, which: Section): number {
  return words[Header.FirstSection + 2 * which + 1]!;
}

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
  /**
   * Where the words are when they are not packed in one array: in a file (the CLI's image cache) or
   * in compile's section tables. The engine and a hop's explanation read them from there.
   */
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

/**
 * The image's words (header, then the section tables, indexed by Section) read from the section
 * tables themselves: the engine copies them into its memory without a packed array in between (22 MB at 1,000 VPCs, each page
 * of it touched for the first time).
 */
export class SectionWords implements StoredWords {
  private readonly starts: Int32Array;
  readonly length: number;

  constructor(private readonly sections: RecordTable[]) {
    const { starts, length } = imageLayout(sections);
    this.starts = starts;
    this.length = length;
  }

  readInto(target: Int32Array): void {
    this.forEachPiece((words, at) => target.set(words, at));
  }

  /**
   * The words in order, in pieces: the header, then each section and the zeros that pad it to the
   * next section (for a writer that streams them: the image cache's store).
   */
  forEachPiece(put: (words: Int32Array, at: number) => void): void {
    const { starts, sections, length } = this;
    const header = new Int32Array(starts[0]!);
    for (let i = 0; i < header.length; i++) header[i] = headerWord(sections, starts, i);
    put(header, 0);
    for (let s = 0; s < Section.Count; s++) {
      const data = sections[s]!.view();
      put(data, starts[s]!);
      const end = s + 1 < Section.Count ? starts[s + 1]! : length;
      const padding = end - starts[s]! - data.length;
      if (padding > 0) put(PADDING.subarray(0, padding), end - padding);
    }
  }

  at(i: number): number {
    const { starts, sections } = this;
    for (let s = Section.Count - 1; s >= 0; s--) {
      if (i < starts[s]!) continue;
      const data = sections[s]!.view();
      return i - starts[s]! < data.length ? data[i - starts[s]!]! : 0;
    }
    return headerWord(sections, starts, i);
  }
}

/**
 * Each section starts on a 64-byte boundary (the engine places the image 64-byte aligned), so a
 * 16-word record such as an ENI is exactly one cache line.
 */
function align(words: number): number {
  return (words + SECTION_ALIGN_WORDS - 1) & -SECTION_ALIGN_WORDS;
}

/** Zeros between sections (each starts on a multiple of SECTION_ALIGN_WORDS). */
const PADDING = new Int32Array(SECTION_ALIGN_WORDS);

/** Where each section starts, and the image's length in words. */
function imageLayout(sections: RecordTable[]): { starts: Int32Array; length: number } {
  const starts = new Int32Array(Section.Count);
  let offset = align(Header.FirstSection + 2 * Section.Count);
  for (let i = 0; i < Section.Count; i++) {
    starts[i] = offset;
    offset += align(sections[i]!.view().length);
  }
  return { starts, length: offset };
}

function headerWord(sections: RecordTable[], starts: Int32Array, i: number): number {
  if (i === Header.Magic) return IMAGE_MAGIC;
  if (i === Header.Version) return IMAGE_VERSION;
  if (i === Header.SectionCount) return Section.Count;
  const slot = i - Header.FirstSection;
  if (slot < 0 || slot >= 2 * Section.Count) return 0;
  return slot % 2 === 0 ? starts[slot >> 1]! : sections[slot >> 1]!.count;
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

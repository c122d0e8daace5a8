// Address tables of the network image (abi/image.ts): each ENI's private addresses, the per-VPC
// owner tables, public IPv4s, and the IPv4 address index (Section.AddressIndex4, AddressIndexScope).
// Import-free plain enums, compiled by both tsc and asc, like abi/image.ts.

export enum EniIp4Field {
  Eni,
  Private,
  /** Public IPv4 or EIP (ADDR-12..14), valid when HasPublic is 1. */
  Public,
  HasPublic,
  Stride,
}

export enum EniIp6Field {
  Eni,
  W0,
  W1,
  W2,
  W3,
  Stride,
}

export enum Owner4Field {
  Address,
  Eni,
  Stride,
}

export enum Owner6Field {
  W0,
  W1,
  W2,
  W3,
  Eni,
  Stride,
}

/**
 * A slot of the Public4 table: a power-of-two count of slots, at most half full, probed linearly from
 * the slot of (AddressScope.Public, address) as an AddressIndex4 table is; Eni is AddressScope.Empty in
 * an unused slot. Four words: four slots to a cache line, none across two.
 */
export enum Public4Field {
  Public,
  Private,
  Eni,
  /**
   * The subnet of Eni when the response of a flow from the internet to this address is decided by the
   * client's address alone (image version 21: src/compile/internet-replies.ts says when; the walk's
   * internetReply then checks the client public, not the model's, and the subnet's outbound ACL); else NONE.
   */
  ReplySubnet,
  Stride,
}

/**
 * Scope of an address lookup: a dense VPC id (an AddressIndex4 table, Value = the ENI owning the private
 * address), a group id + Group (an AddressIndex4 table, Value = the member ENI with the smallest id,
 * SG-4), or Public (the Public4 table: the slot of a public IPv4 / Elastic IP, GW-3). Empty is the Value
 * (Public4: the Eni) of an unused slot.
 */
export enum AddressScope {
  Empty = -1,
  Public = 0x20000000,
  Group = 0x40000000,
}

/**
 * A slot of a scope's table. The scope is not stored: each scope has its own table (AddressIndexScope),
 * so a slot is 8 bytes, eight to a cache line.
 */
export enum AddressIndexField {
  Address,
  /** NONE-free: an ENI; AddressScope.Empty marks an unused slot. */
  Value,
  Stride,
}

/** A scope's table in AddressIndex4: first record and slot mask (slots = Mask + 1; -1 = no table). */
export enum AddressIndexScopeField {
  Start,
  Mask,
  Stride,
}

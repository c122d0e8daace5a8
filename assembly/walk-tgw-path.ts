// The transit gateway path of the walk's current direction (part of the walk's state: walk-state.ts
// imports it, it imports nothing of the walk): the AZ the packet entered a transit gateway in (TGW-10)
// and the gateway and attachments it crossed into the VPC it is in (SG-6's group referencing, TGW-13's
// appliance mode). Written by transit-gateway.ts (setTgwZone; the path through walk-state.ts
// setTgwPath, which tells sg.ts), read by it, walk-eni.ts and network-firewall.ts; walk-state.ts's
// directionBegin starts it over.
import { Section } from '../abi/image';
import { TgwAttachmentField, TransitGatewayField } from '../abi/image-hybrid';
import { NONE } from '../abi/version';
import { field, record } from './image';

/** TGW-10: the AZ (zone rank) the packet entered the transit gateway in; -1 = none yet. */
export let tgwZone: i32 = -1;
/** SG-6: the transit gateway and attachments the packet crossed into the current VPC (NONE = none). */
let pathTgw: i32 = NONE;
let pathIn: i32 = NONE;
let pathOut: i32 = NONE;

/** A direction starts (walk-state.ts directionBegin): no transit gateway crossed yet. */
// @ts-ignore: decorator
@inline export function tgwPathBegin(): void {
  tgwZone = -1;
  pathTgw = NONE;
  pathIn = NONE;
  pathOut = NONE;
}

/** TGW-10: the packet entered the transit gateway in AZ `zone`. */
// @ts-ignore: decorator
@inline export function setTgwZone(zone: i32): void {
  tgwZone = zone;
}

/**
 * SG-6, TGW-13: the packet left transit gateway `tgw` (entered on `inAtt`) into a VPC by `outAtt`. Through
 * walk-state.ts setTgwPath, which hands the referencing it allows to sg.ts.
 */
// @ts-ignore: decorator
@inline export function tgwPathSet(tgw: i32, inAtt: i32, outAtt: i32): void {
  pathTgw = tgw;
  pathIn = inAtt;
  pathOut = outAtt;
}

/** SG-6: may an inbound rule reference a group of another VPC across the path the packet took? */
export function tgwPathAllowsReferencing(): bool {
  if (pathTgw < 0 || pathIn < 0 || pathOut < 0) return false;
  return field(record(Section.TransitGateway, TransitGatewayField.Stride, pathTgw), TransitGatewayField.SgReferencing) != 0
    && field(record(Section.TgwAttachment, TgwAttachmentField.Stride, pathIn), TgwAttachmentField.SgReferencing) != 0
    && field(record(Section.TgwAttachment, TgwAttachmentField.Stride, pathOut), TgwAttachmentField.SgReferencing) != 0;
}

/** TGW-13: the attachment the packet left the TGW by, when appliance mode is off on it; else NONE. */
export function tgwAsymmetricAttachment(): i32 {
  if (pathOut < 0 || field(record(Section.TgwAttachment, TgwAttachmentField.Stride, pathOut), TgwAttachmentField.ApplianceMode)) return NONE;
  return pathOut;
}

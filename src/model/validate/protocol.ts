// Protocol, port and ICMP fields shared by network ACL entries and security group rules (NACL-7, SG-2).
import { fail, type Subject } from './context.js';

export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;

const isInt = (n: number): boolean => Number.isInteger(n);

/** NACL-7: a protocol is a number 0-255, or -1 for all. */
export function checkProtocol(s: Subject, what: string, protocol: number): void {
  if (!isInt(protocol) || protocol < -1 || protocol > 255) {
    fail(s, 'Protocol', `${what}Protocol ${protocol} is not a protocol number 0-255 or -1 (all) (NACL-7)`, 'InvalidParameterValue');
  }
}

export function checkPortRange(s: Subject, what: string, from: number, to: number, fromField = 'FromPort', toField = 'ToPort'): void {
  for (const [field, port] of [[fromField, from], [toField, to]] as const) {
    if (!isInt(port) || port < 0 || port > 65535) fail(s, field, `${what}${field} ${port} is not a port 0-65535`, 'InvalidParameterValue');
  }
  if (from > to) fail(s, fromField, `${what}${fromField} ${from} is greater than ${toField} ${to}`, 'InvalidParameterValue');
}

/** ICMP type and code: -1 (any) or 0-255. */
export function checkIcmp(s: Subject, what: string, type: number, code: number, typeField = 'Type', codeField = 'Code'): void {
  for (const [field, value] of [[typeField, type], [codeField, code]] as const) {
    if (!isInt(value) || value < -1 || value > 255) fail(s, field, `${what}ICMP ${field} ${value} is not -1 (any) or 0-255`, 'InvalidParameterValue');
  }
}

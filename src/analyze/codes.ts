// Names of the explanation codes and hop kinds the walks write (the numbers are the engine ABI, written
// once in abi/codes.ts and abi/hops.ts and compiled into the WebAssembly walk): number -> name for
// answers, and the kind of each code (blocking or informational).
import { Code, FIRST_INFO_CODE } from '../../abi/codes.js';
import { Direction, HopKind } from '../../abi/hops.js';

export { Code, Direction, FIRST_INFO_CODE, HopKind };

export type CodeName = keyof typeof Code;
export type CodeValue = Code;
export type HopKindName = keyof typeof HopKind;
export type HopKindValue = HopKind;
export type DirectionValue = Direction;

/** name -> number of a numeric enum (a TypeScript enum object also maps each number back to its name). */
function enumEntries<N extends string>(table: Record<N, number | string>): [N, number][] {
  return Object.entries(table).filter(([, value]) => typeof value === 'number') as [N, number][];
}

/** Number -> name for a numeric enum, throwing on numbers the enum does not hold. */
function nameLookup<N extends string>(table: Record<N, number | string>, what: string): (value: number) => N {
  const names = new Map<number, N>(enumEntries(table).map(([name, value]) => [value, name]));
  return (value) => {
    const name = names.get(value);
    if (name === undefined) throw new RangeError(`unknown ${what} ${value}`);
    return name;
  };
}

/** Every explanation code, name and number, in numeric order. */
export const codeEntries: readonly (readonly [CodeName, number])[] = enumEntries<CodeName>(Code).sort((a, b) => a[1] - b[1]);

/** `codeName(3)` -> `SUBNET_ACL_RESTRICTION`. */
export const codeName: (code: number) => CodeName = nameLookup<CodeName>(Code, 'explanation code');

export type CodeKind = 'reachable' | 'blocking' | 'informational';

/** REACHABLE is the verdict of a reachable flow; codes below FIRST_INFO_CODE block; the rest only annotate hops. */
export function codeKind(code: number): CodeKind {
  codeName(code);
  if (code === Code.REACHABLE) return 'reachable';
  return code < FIRST_INFO_CODE ? 'blocking' : 'informational';
}

/** `hopKindName(5)` -> `ROUTE_TABLE`. */
export const hopKindName: (kind: number) => HopKindName = nameLookup<HopKindName>(HopKind, 'hop kind');

// Instruction counts and simulated cache misses per WASM function, from a callgrind run of V8.
// Valgrind sees V8's generated code as nameless; V8's jitdump (node --perf-prof) says which address
// range holds which wasm function, and the .wasm's name section (an `asc --debug` build, whose code
// is identical to the release build's) names the functions. The counts do not depend on the
// machine's load, unlike timings. How to run: bench/profile/README.md.
//   npx tsx bench/profile/callgrind-wasm.ts <callgrind.out> <jit-PID.dump> <named.wasm> [units] [function]
// Costs are divided by `units` (e.g. the number of flows walked) when given. With a function name
// (e.g. assembly/walk/checkNacl), its machine code is printed instead, each instruction with its
// count per unit (disassembled by objdump, from the code bytes the jitdump holds).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface CodeRange { start: number; end: number; name: string; code: Buffer }

/** JIT_CODE_LOAD records of a jitdump file (the perf jitdump format). */
function jitdumpRanges(bytes: Buffer): CodeRange[] {
  const headerSize = bytes.readUInt32LE(8);
  const ranges: CodeRange[] = [];
  for (let at = headerSize; at + 16 <= bytes.length;) {
    const id = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size === 0) break;
    if (id === 0) {
      // id, size, timestamp (16 bytes), then pid, tid (8), vma, code address, code size, index (32), name.
      const start = Number(bytes.readBigUInt64LE(at + 32));
      const length = Number(bytes.readBigUInt64LE(at + 40));
      const nameEnd = bytes.indexOf(0, at + 56);
      ranges.push({ start, end: start + length, name: bytes.toString('utf8', at + 56, nameEnd), code: bytes.subarray(nameEnd + 1, nameEnd + 1 + length) });
    }
    at += size;
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Function index -> name from a .wasm's "name" custom section. */
function wasmNames(bytes: Buffer): Map<number, string> {
  let at = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++]!;
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return result;
    }
  };
  const names = new Map<number, string>();
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    const end = at + size;
    if (id === 0) {
      const nameLength = leb();
      const section = bytes.toString('utf8', at, at + nameLength);
      at += nameLength;
      while (section === 'name' && at < end) {
        const sub = bytes[at++]!;
        const subEnd = leb() + at;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const length = leb();
            names.set(index, bytes.toString('utf8', at, at + length));
            at += length;
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  return names;
}

function main(args: string[]): void {
  const [callgrindFile, jitdumpFile, wasmFile, unitsArg, annotate] = args;
  if (!callgrindFile || !jitdumpFile || !wasmFile) {
    console.error('usage: callgrind-wasm.ts <callgrind.out> <jit-PID.dump> <named.wasm> [units]');
    process.exitCode = 2;
    return;
  }
  const units = Number(unitsArg ?? 1);
  const ranges = jitdumpRanges(readFileSync(jitdumpFile));
  const names = wasmNames(readFileSync(wasmFile));
  const rangeAt = (address: number): CodeRange | undefined => {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]!.start <= address) lo = mid + 1;
      else hi = mid;
    }
    const r = ranges[lo - 1];
    return r && address < r.end ? r : undefined;
  };
  const rangeName = (r: CodeRange): string => {
    const name = r.name.replace(/^JS:/, '').replace(/-\d+-turbofan$/, '');
    const index = /^wasm-function\[(\d+)\]$/.exec(name);
    return index ? names.get(Number(index[1])) ?? name : name;
  };
  const nameAt = (address: number): string => {
    const r = rangeAt(address);
    return r ? rangeName(r) : '(not JIT code)';
  };
  const perInstruction = new Map<number, number>();

  // Cost lines are "<address> <line> <events...>" (--dump-instr=yes); an address may be relative
  // (+n / -n) to the previous one. The line after "calls=" is the call's inclusive cost: skipped,
  // so each function gets its own (self) cost.
  let events: string[] = [];
  const costs = new Map<string, number[]>();
  let last = 0;
  let skipNext = false;
  for (const line of readFileSync(callgrindFile, 'utf8').split('\n')) {
    if (line.startsWith('events:')) events = line.split(/\s+/).slice(1);
    if (line.startsWith('calls=')) skipNext = true;
    if (!/^(0x|[+\-*]|\d)/.test(line)) continue;
    const [position, , ...values] = line.split(/\s+/);
    const offset = (s: string) => (s.startsWith('0x') ? parseInt(s, 16) : Number(s));
    if (position!.startsWith('0x')) last = parseInt(position!, 16);
    else if (position![0] === '+') last += offset(position!.slice(1));
    else if (position![0] === '-') last -= offset(position!.slice(1));
    else if (position !== '*') last = Number(position);
    if (skipNext) {
      skipNext = false;
      continue;
    }
    const name = nameAt(last);
    if (annotate !== undefined && name === annotate) perInstruction.set(last, (perInstruction.get(last) ?? 0) + Number(values[0]));
    const sum = costs.get(name) ?? new Array<number>(events.length).fill(0);
    values.forEach((v, i) => { if (v !== '') sum[i]! += Number(v); });
    costs.set(name, sum);
  }

  if (annotate !== undefined) {
    printAnnotated(ranges.filter((r) => rangeName(r) === annotate), perInstruction, units);
    return;
  }
  const wasm = [...costs].filter(([name]) => name.startsWith('assembly/') || name.startsWith('~lib/')).sort((a, b) => b[1][0]! - a[1][0]!);
  const total = events.map((_, i) => wasm.reduce((s, [, c]) => s + c[i]!, 0));
  const cell = (v: number) => (v / units).toFixed(1).padStart(9);
  console.log(`${'WASM function'.padEnd(44)}${events.map((e) => e.padStart(9)).join('')}${units !== 1 ? `   (per unit of ${units})` : ''}`);
  console.log(`${'all WASM'.padEnd(44)}${total.map(cell).join('')}`);
  for (const [name, c] of wasm) if (c[0]! / units >= 0.05) console.log(`${name.slice(0, 43).padEnd(44)}${c.map(cell).join('')}`);
}

/** The machine code of a function (every compiled copy of it), each instruction with its cost per unit. */
function printAnnotated(copies: CodeRange[], cost: Map<number, number>, units: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'callgrind-wasm-'));
  for (const r of copies) {
    const file = join(dir, 'code.bin');
    writeFileSync(file, r.code);
    const listing = execFileSync('objdump', ['-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel', `--adjust-vma=${r.start}`, file]).toString();
    let total = 0;
    console.log(`${r.name} (${r.end - r.start} bytes)`);
    for (const line of listing.split('\n')) {
      const m = /^\s*([0-9a-f]+):\s*(?:[0-9a-f]{2} )+\s*(.*)$/.exec(line);
      if (!m) continue;
      const address = parseInt(m[1]!, 16);
      const c = (cost.get(address) ?? 0) / units;
      total += c;
      console.log(`${c.toFixed(2).padStart(9)}  ${(address - r.start).toString(16).padStart(5)}  ${m[2]}`);
    }
    console.log(`${total.toFixed(1).padStart(9)}  total`);
  }
}

main(process.argv.slice(2));

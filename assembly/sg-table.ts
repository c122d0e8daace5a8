// Security-group sets precompiled per EniRule range (issue 18). ENIs with the same group sequence
// share one EniRule range (src/compile/interfaces.ts); for each range in use and for TCP and UDP, the
// destination-port axis is cut at the rules' range edges into classes, and each class lists, in rule
// order, the rules whose protocol and ports match every port of the class (SG-2). sgAllows then looks
// up the packet's class (a binary search over a few edges) and tests only those rules' peers: the
// same rules in the same order as the plain scan, so the same first allowing rule and the same codes.
// Other protocols (ICMP, all traffic, ...) keep the plain scan.
//
// Derived from the image (EniRule and SgRule records), a range's set when a packet first needs it,
// forgotten at the next imageLoad() (keyed by imageGeneration, like walk-warm.ts's hint table). It only
// reads the image: a range it cannot serve (more than MAX_COMPILED_RULES rules, records out of bounds,
// a start another range of a different count shares) is left to the plain scan. Memory is reused across images while big enough and dropped by
// sgTableForget() when engineReset() frees the arena.
//
// Layout (i32 words in `words`): per set, [range count, TCP table, UDP table] (word offsets); per
// table, [edge count n, n sorted edges, n + 1 classes of (first candidate word, candidate count)],
// then the candidates (SgRule indices).
import { Section } from '../abi/image';
import { EniRuleField, SgRuleField } from '../abi/image-security-groups';
import { field, imageGeneration, record, recordCount } from './image';
import { arenaAlloc } from './memory';

const ALL: i32 = -1;
const TCP: i32 = 6;
const UDP: i32 = 17;
/**
 * sgAllows asks the table for ranges of this many rules or more: on smaller ones (the bench's groups
 * have 1-4 rules) the plain scan costs fewer instructions than the lookup (callgrind, issue 18 note).
 */
export const SG_TABLE_MIN_RULES: i32 = 6;
/** Larger ranges keep the plain scan: a class lists up to all the range's rules, and there are up to 2 x count + 1 classes. */
const MAX_COMPILED_RULES: i32 = 128;
/** setAt values besides a set's word offset. */
const UNBUILT: i32 = -1;
const NOT_COMPILED: i32 = -2;

/** i32 per EniRule record: word offset in `words` of the set of the range starting there, UNBUILT or NOT_COMPILED. */
let setAt: usize = 0;
let setAtCapacity: i32 = 0;
let words: usize = 0;
let wordsCapacity: i32 = 0;
let used: i32 = 0;
/** Scratch for a table's edges and its rules' spans (3 words each) while it is built. */
let edges: usize = 0;
let spans: usize = 0;
let edgesCapacity: i32 = 0;
let builtFor: u32 = 0;
let built: bool = false;

/** Address of the candidates sgTableCandidates() found (valid until the next image is loaded). */
export let sgTableList: usize = 0;

/**
 * The rules of EniRule range (start, count) whose protocol and ports match a `protocol` packet to
 * `port`, in rule order: their count (sgTableList holds their SgRule indices), or -1 when the table
 * does not cover the packet or the range (the caller scans the range).
 */
export function sgTableCandidates(start: i32, count: i32, protocol: i32, port: i32): i32 {
  const slot = protocol == TCP ? 1 : protocol == UDP ? 2 : 0;
  if (slot == 0) return -1;
  if (!built || builtFor != imageGeneration) reset();
  if (<u32>start >= <u32>recordCount(Section.EniRule)) return -1;
  const at = setAt + (<usize>start << 2);
  let set = load<i32>(at);
  if (set == UNBUILT) {
    set = compileRange(start, count);
    store<i32>(at, set);
  }
  if (set < 0 || word(set) != count) return -1;
  const t = words + (<usize>word(set + slot) << 2);
  // The class: how many edges are <= port (branch-free steps; the step count depends on the set only).
  const n = load<i32>(t);
  const e = t + 4;
  let lo: i32 = 0;
  let hi: i32 = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const le = load<i32>(e + (<usize>mid << 2)) <= port;
    lo = select<i32>(mid + 1, lo, le);
    hi = select<i32>(hi, mid, le);
  }
  const c = e + (<usize>n << 2) + (<usize>lo << 3);
  sgTableList = words + (<usize>load<i32>(c) << 2);
  return load<i32>(c, 4);
}

/** Forgets the tables (their memory goes with engineReset()). */
export function sgTableForget(): void {
  setAt = 0;
  setAtCapacity = 0;
  words = 0;
  wordsCapacity = 0;
  edges = 0;
  spans = 0;
  edgesCapacity = 0;
  used = 0;
  built = false;
}

// @ts-ignore: decorator
@inline function word(offset: i32): i32 {
  return load<i32>(words + (<usize>offset << 2));
}

// @ts-ignore: decorator
@inline function setWord(offset: i32, value: i32): void {
  store<i32>(words + (<usize>offset << 2), value);
}

/** `n` more words at the end of `words` (grown by copying; offsets stay valid); returns the first. */
function allocWords(n: i32): i32 {
  if (used + n > wordsCapacity) {
    const capacity = max<i32>(max<i32>(4096, wordsCapacity << 1), used + n);
    const grown = arenaAlloc(<usize>capacity << 2);
    if (words != 0) memory.copy(grown, words, <usize>used << 2);
    words = grown;
    wordsCapacity = capacity;
  }
  const at = used;
  used += n;
  return at;
}

/** Forgets the sets of the previous image: each range's set is compiled when a packet first needs it. */
function reset(): void {
  const rules = recordCount(Section.EniRule);
  if (setAtCapacity < rules + 1) {
    setAt = arenaAlloc(<usize>(rules + 1) << 2);
    setAtCapacity = rules + 1;
  }
  memory.fill(setAt, 0xff, <usize>(rules + 1) << 2);
  used = 0;
  builtFor = imageGeneration;
  built = true;
}

/** The set of range (start, count) (its word offset), or NOT_COMPILED when the range is too large or not well formed. */
function compileRange(start: i32, count: i32): i32 {
  const rules = recordCount(Section.EniRule);
  const sgRules = recordCount(Section.SgRule);
  if (count <= 0 || count > MAX_COMPILED_RULES || start < 0 || start > rules - count) return NOT_COMPILED;
  for (let i = start; i < start + count; i++) {
    const r = ruleOf(i);
    if (<u32>r >= <u32>sgRules) return NOT_COMPILED;
  }
  const set = allocWords(3);
  setWord(set, count);
  const tcp = compileTable(start, count, TCP);
  setWord(set + 1, tcp);
  const udp = compileTable(start, count, UDP);
  setWord(set + 2, udp);
  return set;
}

// @ts-ignore: decorator
@inline function ruleOf(i: i32): i32 {
  return field(record(Section.EniRule, EniRuleField.Stride, i), EniRuleField.Rule);
}

/** A port range that is "all ports" for SG-2 (as protocolAndPortsMatch reads it). */
// @ts-ignore: decorator
@inline function allPorts(from: i32, to: i32): bool {
  return (from <= 0 && to >= 65535) || (from == -1 && to == -1);
}

/** The port table of one protocol for the range: its word offset. */
function compileTable(start: i32, count: i32, protocol: i32): i32 {
  if (edgesCapacity < 2 * count) {
    edgesCapacity = max<i32>(64, 2 * count);
    edges = arenaAlloc(<usize>edgesCapacity << 2);
    spans = arenaAlloc(<usize>edgesCapacity * 6);
  }
  // The rules that can match a packet of `protocol`, in order, as (rule, from, to): [MIN, MAX] for
  // every port (all protocols, or all ports, SG-2). Edges: where a range starts, one past where it ends.
  let m: i32 = 0;
  let n: i32 = 0;
  for (let i = start; i < start + count; i++) {
    const rule = ruleOf(i);
    const r = record(Section.SgRule, SgRuleField.Stride, rule);
    const ruleProtocol = field(r, SgRuleField.Protocol);
    if (ruleProtocol != ALL && ruleProtocol != protocol) continue;
    let from = field(r, SgRuleField.From);
    let to = field(r, SgRuleField.To);
    if (ruleProtocol == ALL || allPorts(from, to)) {
      from = i32.MIN_VALUE;
      to = i32.MAX_VALUE;
    } else {
      n = addEdge(n, from);
      if (to != i32.MAX_VALUE) n = addEdge(n, to + 1);
    }
    const at = spans + <usize>m * 12;
    store<i32>(at, rule);
    store<i32>(at, from, 4);
    store<i32>(at, to, 8);
    m++;
  }
  const t = allocWords(1 + n + 2 * (n + 1));
  setWord(t, n);
  for (let k = 0; k < n; k++) setWord(t + 1 + k, load<i32>(edges + (<usize>k << 2)));
  // Room for the most candidates the classes can list; `used` then covers only those written.
  const room = allocWords((n + 1) * m);
  used = room;
  for (let k = 0; k <= n; k++) {
    // Every port of class k matches the same rules: its smallest stands for it.
    const port = k == 0 ? i32.MIN_VALUE : load<i32>(edges + (<usize>(k - 1) << 2));
    const first = used;
    for (let j = 0; j < m; j++) {
      const at = spans + <usize>j * 12;
      if (port >= load<i32>(at, 4) && port <= load<i32>(at, 8)) setWord(used++, load<i32>(at));
    }
    setWord(t + 1 + n + 2 * k, first);
    setWord(t + 1 + n + 2 * k + 1, used - first);
  }
  return t;
}

/** Inserts `value` into the sorted, distinct edges (n of them); returns the new count. */
function addEdge(n: i32, value: i32): i32 {
  let k = n;
  while (k > 0 && load<i32>(edges + (<usize>(k - 1) << 2)) > value) k--;
  if (k > 0 && load<i32>(edges + (<usize>(k - 1) << 2)) == value) return n;
  memory.copy(edges + (<usize>(k + 1) << 2), edges + (<usize>k << 2), <usize>(n - k) << 2);
  store<i32>(edges + (<usize>k << 2), value);
  return n + 1;
}

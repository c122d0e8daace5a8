// Logical id -> position in text order for a JSON template read resource by resource
// (template-slices.ts), keyed by the ids' characters where the text has them.
import { ID_END, ID_START } from './scan-rows.js';
import type { TemplateScan } from './template-scan.js';

/**
 * Logical id -> position in text order, an open-addressing table over the ids' characters in the text:
 * a reference is looked up where it is written, without a string for it (150,000 resources name
 * 500,000 references), and no Map of 150,000 entries is built (~80 ms). Ids written with an escape are
 * not taken (sliceTemplate).
 */
export class LogicalIdIndex {
  /** Start and end (quotes excluded) of each resource's id in the text, by position: the scan's own lists are garbage once the template is read. */
  private readonly spans: Int32Array;
  /** Position + 1 of the id in each slot; 0: empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** The text's bytes while the template is read (ids and references compared there); then released. */
  private bytes: Uint8Array;

  constructor(
    scan: TemplateScan,
    /** The scanned text. */
    private readonly text: string,
  ) {
    this.bytes = scan.textBytes;
    const count = scan.resourceCount;
    this.spans = new Int32Array(count * 2);
    for (let r = 0; r < count; r++) {
      this.spans[2 * r] = scan.row(r, ID_START) + 1;
      this.spans[2 * r + 1] = scan.row(r, ID_END) - 1;
    }
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Adds resource r's id; false when an earlier resource has it. */
  add(r: number): boolean {
    const start = this.spans[2 * r]!;
    const end = this.spans[2 * r + 1]!;
    const slot = this.slot(start, end, hashBytes(this.bytes, start, end));
    if (this.slots[slot] !== 0) return false;
    this.slots[slot] = r + 1;
    return true;
  }

  /** The position of the id written at text[start, end), or -1 (until released). */
  find(start: number, end: number): number {
    return this.slots[this.slot(start, end, hashBytes(this.bytes, start, end))]! - 1;
  }

  /** Drops the text's bytes: from now on ids are looked up by string only (get). */
  release(): void {
    this.bytes = new Uint8Array(0);
  }

  get(id: string): number | undefined {
    const { text, spans, slots } = this;
    for (let slot = hashText(id, 0, id.length) & this.mask; slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const r = slots[slot]! - 1;
      const start = spans[2 * r]!;
      if (spans[2 * r + 1]! - start === id.length && text.startsWith(id, start)) return r;
    }
    return undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** The slot holding the id written at text[start, end), or the empty slot where it would go. */
  private slot(start: number, end: number, hash: number): number {
    const { bytes, spans, slots } = this;
    const length = end - start;
    let slot = hash & this.mask;
    for (; slots[slot] !== 0; slot = (slot + 1) & this.mask) {
      const r = slots[slot]! - 1;
      const other = spans[2 * r]!;
      if (spans[2 * r + 1]! - other === length && sameBytes(bytes, other, start, length)) return slot;
    }
    return slot;
  }
}

/** FNV-1a over the characters of text[start, end). */
function hashText(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let j = start; j < end; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return h >>> 0;
}

/** hashText over the text's bytes (the same value for an ASCII text). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let j = start; j < end; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let j = 0; j < length; j++) if (bytes[a + j] !== bytes[b + j]) return false;
  return true;
}

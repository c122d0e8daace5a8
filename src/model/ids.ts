// Deterministic physical ids for resources that come from templates or the builder: the same
// logical id always gives the same AWS-shaped id (`vpc-` + 17 hex digits), so runs are reproducible.

/**
 * 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. The 64-bit state is four 16-bit
 * limbs, small integers V8 keeps unboxed (BigInt arithmetic made id generation a top cost on
 * 1,000-VPC templates).
 */
export function fnv1a64Hex(text: string): string {
  // Offset basis 0xcbf29ce484222325, limbs from least significant.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const mix = (byte: number): void => {
    h0 ^= byte;
    // h * 0x100000001b3 mod 2^64: the prime is 2^40 + 0x1b3, so h * 0x1b3 plus (h << 40).
    const p0 = h0 * 0x1b3;
    const p1 = h1 * 0x1b3 + (p0 >>> 16);
    const p2 = h2 * 0x1b3 + (p1 >>> 16) + (h0 << 8);
    const p3 = h3 * 0x1b3 + (p2 >>> 16) + (h1 << 8);
    h0 = p0 & 0xffff;
    h1 = p1 & 0xffff;
    h2 = p2 & 0xffff;
    h3 = p3 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      mix(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    // Lone surrogates encode as U+FFFD, as TextEncoder does.
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) {
      mix(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 0x3f));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 0x3f));
      mix(0x80 | ((c >> 6) & 0x3f));
    }
    mix(0x80 | (c & 0x3f));
  }
  const hex = (limb: number): string => limb.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/**
 * `physicalId('vpc', 'AppVpc')` -> `vpc-0` + 16 hex digits. `scope` separates namespaces
 * (e.g. the stack name) so two templates with the same logical ids do not collide.
 */
export function physicalId(prefix: string, logicalId: string, scope = ''): string {
  return `${prefix}-0${fnv1a64Hex(`${scope}\u0000${prefix}\u0000${logicalId}`)}`;
}

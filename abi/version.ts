// Versions and sentinels of the engine ABI, each written once. Import-free, compiled by both tsc and
// asc (docs/engine-abi.md, "abi/version.ts").

/** The ABI the engine speaks: assembly/index.ts engineVersion() returns it, bindings/engine.ts checks it. */
export const ENGINE_ABI_VERSION = 12;

/** First word of a NetworkImage ('VPCI') and its layout version (abi/image.ts); assembly/image.ts checks both. */
export const IMAGE_MAGIC = 0x56504349;
export const IMAGE_VERSION = 24;

/** An absent reference in an image record or hop field (ids are dense, from 0). */
export const NONE = -1;

/** LPM lookup result when no prefix matches; also the one value a route may not carry (0xffffffff as u32). */
export const LPM_MISS = 0xffffffff;

/** lpmBuild errors (returned instead of a table id): prefix length out of range, value LPM_MISS, unknown family. */
export const LPM_ERR_LENGTH = 0xffffffff;
export const LPM_ERR_VALUE = 0xfffffffe;
export const LPM_ERR_FAMILY = 0xfffffffd;

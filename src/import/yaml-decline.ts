// How the YAML subset reader (./yaml-fast.ts, ./yaml-core-schema.ts) gives up: a throw, caught by
// yamlSubsetToJson, which then answers undefined (js-yaml reads the text instead).

class Decline {}

/** Thrown inside the reader to give up; never escapes yamlSubsetToJson. */
export const DECLINE = new Decline();

export function decline(): never {
  throw DECLINE;
}

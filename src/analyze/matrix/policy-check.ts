// A policy given as YAML/JSON text or as an object, checked on a given engine: parse (../../import/yaml-text.ts,
// the same limits as templates), check the shape (./policy-parse.ts), evaluate (./policy.ts).
import type { Engine } from '../../../bindings/engine.js';
import { parseYamlText } from '../../import/yaml-text.js';
import type { Topology } from '../../model/types.js';
import { checkPolicyDocument, type Policy } from './policy-parse.js';
import { computePolicyCheck, type PolicyResult } from './policy.js';

/** A policy from text (YAML or JSON) or from an already parsed object. */
export function readPolicy(policy: string | object, file = 'policy'): Policy {
  const doc: unknown = typeof policy === 'string' ? parseYamlText(policy, file) : policy;
  return checkPolicyDocument(doc, file);
}

export function checkPolicyText(engine: Engine, t: Topology, policy: string | object, file = 'policy'): PolicyResult {
  return computePolicyCheck(engine, t, readPolicy(policy, file));
}

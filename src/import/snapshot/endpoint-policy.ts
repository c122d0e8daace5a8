// VPCE-7 CHOICE: an endpoint policy is reduced to allow/deny for the whole service. No policy means full
// access (EP-POL). Otherwise the policy allows when some statement allows, and denies when none does or
// when a statement denies every action (`*` or `<service>:*`) on every resource (`*`); narrower Deny
// statements, principals and conditions are ignored.
export function endpointPolicyVerdict(policy: unknown): 'allow' | 'deny' {
  if (policy === undefined || policy === null) return 'allow';
  if (typeof policy !== 'object' || Array.isArray(policy)) return 'deny';
  const raw = Object.hasOwn(policy, 'Statement') ? (policy as Record<string, unknown>)['Statement'] : undefined;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  let allows = false;
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) continue;
    const st = s as Record<string, unknown>;
    const effect = Object.hasOwn(st, 'Effect') ? st['Effect'] : undefined;
    if (effect === 'Allow') allows = true;
    if (effect === 'Deny' && coversAll(st, 'Action', /^(\*|[a-z0-9-]+:\*)$/) && coversAll(st, 'Resource', /^\*$/)) return 'deny';
  }
  return allows ? 'allow' : 'deny';
}

function coversAll(st: Record<string, unknown>, field: string, everything: RegExp): boolean {
  const v = Object.hasOwn(st, field) ? st[field] : undefined;
  const list = Array.isArray(v) ? v : [v];
  return list.some((x) => typeof x === 'string' && everything.test(x));
}

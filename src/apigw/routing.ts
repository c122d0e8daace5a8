// Which method (REST API) or route (HTTP API) a request reaches. Literal path segments beat
// `{param}`, which beats a greedy `{proxy+}`; on equal paths an exact method beats ANY. HTTP APIs fall
// back to the `$default` route. (API Gateway developer guide, "Working with routes for HTTP APIs";
// REST APIs choose the same way, docs/semantics.md "API Gateway".)
import type { HttpApi, HttpApiRoute, RestApi, RestApiMethod } from '../model/apigateway.js';

const LITERAL = 2;
const PARAM = 1;
const GREEDY = 0;

/** Per-segment ranks of a resource path matched against a request path, or undefined if no match. */
function matchPath(resourcePath: string, requestPath: string): number[] | undefined {
  const pattern = segments(resourcePath);
  const actual = segments(requestPath);
  const ranks: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (/^\{[^}]+\+\}$/.test(p)) {
      // Greedy: the last segment, matching one or more request segments.
      if (i !== pattern.length - 1 || actual.length <= i) return undefined;
      ranks.push(GREEDY);
      return ranks;
    }
    const a = actual[i];
    if (a === undefined) return undefined;
    if (/^\{[^}]+\}$/.test(p)) {
      if (a === '') return undefined;
      ranks.push(PARAM);
    } else if (p === a) ranks.push(LITERAL);
    else return undefined;
  }
  return pattern.length === actual.length ? ranks : undefined;
}

function segments(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Positive when a is more specific than b. */
function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

function best<T>(candidates: T[], pathOf: (c: T) => string, methodOf: (c: T) => string, method: string, path: string): T | undefined {
  let chosen: { c: T; ranks: number[]; exact: boolean } | undefined;
  for (const c of candidates) {
    const m = methodOf(c);
    if (m !== method && m !== 'ANY') continue;
    const ranks = matchPath(pathOf(c), path);
    if (!ranks) continue;
    const exact = m === method;
    const cmp = chosen ? compareRanks(ranks, chosen.ranks) : 1;
    if (cmp > 0 || (cmp === 0 && exact && !chosen!.exact)) chosen = { c, ranks, exact };
  }
  return chosen?.c;
}

export function matchRestMethod(api: RestApi, method: string, path: string): RestApiMethod | undefined {
  return best(api.methods, (m) => m.resourcePath, (m) => m.httpMethod, method, path);
}

/** `GET /pets/{id}` -> ['GET', '/pets/{id}']; `$default` -> undefined. */
export function splitRouteKey(routeKey: string): [string, string] | undefined {
  const m = /^(\S+)\s+(\/\S*)$/.exec(routeKey.trim());
  return m ? [m[1]!.toUpperCase(), m[2]!] : undefined;
}

export function matchHttpRoute(api: HttpApi, method: string, path: string): HttpApiRoute | undefined {
  const keyed = api.routes.filter((r) => splitRouteKey(r.routeKey));
  const found = best(keyed, (r) => splitRouteKey(r.routeKey)![1], (r) => splitRouteKey(r.routeKey)![0], method, path);
  return found ?? api.routes.find((r) => r.routeKey === '$default');
}

// API Gateway throttles, quotas and keys against traffic, checked against the AWS rules (SEMANTICS.md §14).
import { describe, expect, it } from 'vitest';
import { simulateApiGateway } from '../src/apigw/simulate.js';
import { buildReport, type ApiGatewayReport, type ClientReport } from '../src/apigw/report.js';
import type { SimulationOptions } from '../src/apigw/plan.js';
import type { ApiGatewayModel } from '../src/model/apigateway.js';
import type { Traffic } from '../src/apigw/traffic.js';
import { InputError } from '../src/model/errors.js';
import {
  apiKey,
  burst,
  client,
  constant,
  httpApi,
  httpStage,
  method,
  model,
  restApi,
  restStage,
  traffic,
  usagePlan,
} from './helpers/apigw.js';

function run(m: ApiGatewayModel, t: Traffic, opts: SimulationOptions = {}): ApiGatewayReport {
  return buildReport(simulateApiGateway(m, t, opts));
}

function byName(report: ApiGatewayReport, name: string): ClientReport {
  const c = report.clients.find((x) => x.name === name);
  if (!c) throw new Error(`no client ${name}`);
  return c;
}

/** A stage whose `/*` `*` default is the given throttle. */
const stageDefault = (rate: number, burstLimit: number) => restStage('prod', [{ resourcePath: '/*', httpMethod: '*', rateLimit: rate, burstLimit }]);

describe('token buckets (APIGW-1)', () => {
  it('a burst of exactly the bucket size passes; one more is throttled with 429', () => {
    const api = restApi('Api', [method('GET /pets')], [stageDefault(1, 10)]);
    const exact = byName(run(model({ restApis: [api] }), traffic([client('c', 'GET /pets', burst(10))])), 'c');
    expect(exact).toMatchObject({ requests: 10, accepted: 10, throttled: 0 });
    const r = run(model({ restApis: [api] }), traffic([client('c', 'GET /pets', burst(11))]));
    expect(byName(r, 'c')).toMatchObject({ requests: 11, accepted: 10, throttled: 1 });
    expect(r.levels.method).toBe(1);
  });

  it('a steady rate above the refill rate: accepted = burst + rate x duration (within one request)', () => {
    const rate = 10;
    const burstLimit = 20;
    const duration = 30;
    const api = restApi('Api', [method('GET /pets')], [stageDefault(rate, burstLimit)]);
    const c = byName(run(model({ restApis: [api] }), traffic([client('c', 'GET /pets', constant(50, 0, duration))])), 'c');
    expect(c.requests).toBe(50 * duration);
    expect(Math.abs(c.accepted - (burstLimit + rate * duration))).toBeLessThanOrEqual(1);
    expect(c.accepted + c.throttled).toBe(c.requests);
  });

  it('a steady rate exactly at the refill rate is never throttled once the bucket is used', () => {
    const api = restApi('Api', [method('GET /pets')], [stageDefault(10, 1)]);
    const c = byName(run(model({ restApis: [api] }), traffic([client('c', 'GET /pets', constant(10, 0, 100))])), 'c');
    expect(c).toMatchObject({ requests: 1000, accepted: 1000, throttled: 0 });
  });

  it('APIGW-14: burst 0 throttles every request; rate 0 never refills', () => {
    const zeroBurst = restApi('Api', [method('GET /pets')], [stageDefault(100, 0)]);
    expect(byName(run(model({ restApis: [zeroBurst] }), traffic([client('c', 'GET /pets', constant(1, 0, 5))])), 'c').accepted).toBe(0);
    const zeroRate = restApi('Api', [method('GET /pets')], [stageDefault(0, 3)]);
    expect(byName(run(model({ restApis: [zeroRate] }), traffic([client('c', 'GET /pets', constant(1, 0, 50))])), 'c').accepted).toBe(3);
  });
});

describe('unset throttle fields (docs/semantics.md "API Gateway")', () => {
  it("a method setting's missing rate comes from the stage default; a field set nowhere is the account value", () => {
    const stage = restStage('prod', [
      { resourcePath: '/*', httpMethod: '*', rateLimit: 0 },
      { resourcePath: '/pets', httpMethod: 'GET', burstLimit: 3 },
    ]);
    const api = restApi('Api', [method('GET /pets'), method('GET /owners')], [stage]);
    const r = run(model({ restApis: [api] }), traffic([client('pets', 'GET /pets', constant(100, 0, 10)), client('owners', 'GET /owners', burst(30, 50))]), {
      accountRate: 1000,
      accountBurst: 20,
    });
    // GET /pets: burst 3 (own), rate 0 (stage default): 3 in total.
    expect(byName(r, 'pets').accepted).toBe(3);
    // GET /owners: rate 0 (stage default), burst unset -> account burst 20, its own bucket.
    expect(byName(r, 'owners')).toMatchObject({ accepted: 20, throttledBy: { method: 10 } });
  });
});

describe('API keys (APIGW-6)', () => {
  const api = restApi('Api', [method('GET /pets', true)], [restStage('prod')]);
  const keyA = apiKey('KeyA');
  const keyOff = apiKey('KeyOff', false);
  const keyLoose = apiKey('KeyLoose');
  const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA, keyOff] });
  const m = model({ restApis: [api], apiKeys: [keyA, keyOff, keyLoose], usagePlans: [plan] });

  it.each([
    ['missing', undefined, /no API key/],
    ['unknown', 'NoSuchKey', /not a key/],
    ['disabled', 'KeyOff', /disabled/],
    ['in no usage plan for the stage', 'KeyLoose', /no usage plan/],
  ])('a %s key gets 403 for every request', (_what, key, reason) => {
    const c = byName(run(m, traffic([client('c', 'GET /pets', burst(5), key === undefined ? {} : { apiKey: key })])), 'c');
    expect(c).toMatchObject({ requests: 5, forbidden: 5, accepted: 0 });
    expect(c.reason).toMatch(reason);
  });

  it('a valid key, by logical id or by value, is accepted', () => {
    const r = run(m, traffic([client('id', 'GET /pets', burst(3), { apiKey: 'KeyA' }), client('value', 'GET /pets', burst(3), { apiKey: keyA.value })]));
    expect(byName(r, 'id').accepted).toBe(3);
    expect(byName(r, 'value').accepted).toBe(3);
  });

  it('a key in a plan for another stage of the same API gets 403', () => {
    const api2 = restApi('Api', [method('GET /pets', true)], [restStage('prod'), restStage('dev')]);
    const devPlan = usagePlan('DevPlan', { stages: [{ api: api2, stage: 'dev' }], keys: [keyA] });
    const r = run(model({ restApis: [api2], apiKeys: [keyA], usagePlans: [devPlan] }), traffic([client('c', 'GET /pets', burst(2), { apiKey: 'KeyA' })]));
    expect(byName(r, 'c').forbidden).toBe(2);
  });

  it('APIGW-4: a method without ApiKeyRequired ignores keys and usage-plan limits', () => {
    const open = restApi('Api', [method('GET /pets')], [restStage('prod')]);
    const tight = usagePlan('Plan', { stages: [{ api: open, stage: 'prod' }], keys: [keyA], throttle: { rateLimit: 0, burstLimit: 1 }, quota: { limit: 1, period: 'DAY', offset: 0 } });
    const r = run(model({ restApis: [open], apiKeys: [keyA], usagePlans: [tight] }), traffic([client('c', 'GET /pets', burst(20), { apiKey: 'NoSuchKey' })]));
    expect(byName(r, 'c')).toMatchObject({ accepted: 20, forbidden: 0 });
  });

  it('APIGW-5: a key in two usage plans for the same stage is a validation error', () => {
    const p1 = usagePlan('Gold', { stages: [{ api, stage: 'prod' }], keys: [keyA] });
    const p2 = usagePlan('Silver', { stages: [{ api, stage: 'prod' }], keys: [keyA] });
    expect(() => run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [p1, p2] }), traffic([client('c', 'GET /pets', burst(1))]))).toThrow(
      /KeyA.*Gold.*Silver/,
    );
  });
});

describe('usage-plan throttles (APIGW-2, APIGW-10)', () => {
  const api = restApi('Api', [method('GET /pets', true), method('POST /pets', true)], [restStage('prod')]);
  const keyA = apiKey('KeyA');
  const keyB = apiKey('KeyB');

  it('two keys in one plan have separate buckets', () => {
    const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA, keyB], throttle: { rateLimit: 0, burstLimit: 5 } });
    const r = run(model({ restApis: [api], apiKeys: [keyA, keyB], usagePlans: [plan] }), traffic([
      client('a', 'GET /pets', burst(8), { apiKey: 'KeyA' }),
      client('b', 'GET /pets', burst(8), { apiKey: 'KeyB' }),
    ]));
    expect(byName(r, 'a')).toMatchObject({ accepted: 5, throttled: 3 });
    expect(byName(r, 'b')).toMatchObject({ accepted: 5, throttled: 3 });
    expect(r.levels.usagePlan).toBe(6);
  });

  it('one key shares its plan bucket across methods', () => {
    const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA], throttle: { rateLimit: 0, burstLimit: 5 } });
    const r = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [plan] }), traffic([
      client('get', 'GET /pets', burst(3), { apiKey: 'KeyA' }),
      client('post', 'POST /pets', burst(3), { apiKey: 'KeyA' }),
    ]));
    expect(byName(r, 'get').accepted + byName(r, 'post').accepted).toBe(5);
  });

  it("a per-method throttle in the plan lower than the plan's applies to that method only", () => {
    const plan = usagePlan('Plan', {
      stages: [{ api, stage: 'prod', methodThrottles: { '/pets/GET': { rateLimit: 0, burstLimit: 3 } } }],
      keys: [keyA],
      throttle: { rateLimit: 0, burstLimit: 100 },
    });
    const r = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [plan] }), traffic([
      client('get', 'GET /pets', burst(10), { apiKey: 'KeyA' }),
      client('post', 'POST /pets', burst(10), { apiKey: 'KeyA' }),
    ]));
    expect(byName(r, 'get')).toMatchObject({ accepted: 3, throttled: 7, throttledBy: { usagePlan: 7, method: 0, account: 0 } });
    expect(byName(r, 'post').accepted).toBe(10);
  });

  it("a stage method throttle lower than the plan's throttles at the method level, shared by all keys", () => {
    const stage = restStage('prod', [{ resourcePath: '/pets', httpMethod: 'GET', rateLimit: 0, burstLimit: 4 }]);
    const api2 = restApi('Api', [method('GET /pets', true)], [stage]);
    const plan = usagePlan('Plan', { stages: [{ api: api2, stage: 'prod' }], keys: [keyA, keyB], throttle: { rateLimit: 0, burstLimit: 100 } });
    const r = run(model({ restApis: [api2], apiKeys: [keyA, keyB], usagePlans: [plan] }), traffic([
      client('a', 'GET /pets', burst(3), { apiKey: 'KeyA' }),
      client('b', 'GET /pets', burst(3), { apiKey: 'KeyB' }),
    ]));
    expect(byName(r, 'a').accepted).toBe(3);
    expect(byName(r, 'b')).toMatchObject({ accepted: 1, throttledBy: { method: 2 } });
  });

  it('APIGW-12: a request refused by the plan bucket takes no token from the stage bucket', () => {
    const stage = restStage('prod', [{ resourcePath: '/*', httpMethod: '*', rateLimit: 0, burstLimit: 5 }]);
    const api2 = restApi('Api', [method('GET /pets', true)], [stage]);
    const plan = usagePlan('Plan', { stages: [{ api: api2, stage: 'prod' }], keys: [keyA, keyB], throttle: { rateLimit: 0, burstLimit: 2 } });
    const r = run(model({ restApis: [api2], apiKeys: [keyA, keyB], usagePlans: [plan] }), traffic([
      client('a', 'GET /pets', burst(4), { apiKey: 'KeyA' }),
      client('b', 'GET /pets', burst(4, 1), { apiKey: 'KeyB' }),
    ]));
    // a: 2 accepted (stage bucket 5 -> 3), 2 refused by its plan bucket. b: 2 pass its plan bucket and the stage's 3 tokens.
    expect(byName(r, 'a')).toMatchObject({ accepted: 2, throttledBy: { usagePlan: 2 } });
    expect(byName(r, 'b')).toMatchObject({ accepted: 2, throttledBy: { usagePlan: 2, method: 0 } });
  });

  it('APIGW-12: a request refused by the stage bucket takes no token from the plan bucket before it', () => {
    const stage = restStage('prod', [{ resourcePath: '/pets', httpMethod: 'GET', rateLimit: 0, burstLimit: 2 }]);
    const api2 = restApi('Api', [method('GET /pets', true), method('POST /pets', true)], [stage]);
    const plan = usagePlan('Plan', { stages: [{ api: api2, stage: 'prod' }], keys: [keyA], throttle: { rateLimit: 0, burstLimit: 5 } });
    const r = run(model({ restApis: [api2], apiKeys: [keyA], usagePlans: [plan] }), traffic([
      client('get', 'GET /pets', burst(4), { apiKey: 'KeyA' }),
      client('post', 'POST /pets', burst(5, 1), { apiKey: 'KeyA' }),
    ]));
    expect(byName(r, 'get')).toMatchObject({ accepted: 2, throttledBy: { method: 2 } });
    // The plan bucket (5, shared by both methods) lost only the 2 accepted GETs.
    expect(byName(r, 'post')).toMatchObject({ accepted: 3, throttledBy: { usagePlan: 2 } });
  });

  it('APIGW-12: a request refused by the quota takes no token', () => {
    const stage = restStage('prod', [{ resourcePath: '/*', httpMethod: '*', rateLimit: 0, burstLimit: 5 }]);
    const api2 = restApi('Api', [method('GET /pets', true)], [stage]);
    const plan = usagePlan('Plan', { stages: [{ api: api2, stage: 'prod' }], keys: [keyA, keyB], quota: { limit: 2, period: 'DAY', offset: 0 } });
    const r = run(model({ restApis: [api2], apiKeys: [keyA, keyB], usagePlans: [plan] }), traffic([
      client('a', 'GET /pets', burst(5), { apiKey: 'KeyA' }),
      client('b', 'GET /pets', burst(5, 1), { apiKey: 'KeyB' }),
    ]));
    expect(byName(r, 'a')).toMatchObject({ accepted: 2, quotaExceeded: 3, throttled: 0 });
    expect(byName(r, 'b')).toMatchObject({ accepted: 2, quotaExceeded: 3, throttled: 0 });
  });
});

describe('quotas (APIGW-8, APIGW-9)', () => {
  const api = restApi('Api', [method('GET /pets', true)], [restStage('prod')]);
  const keyA = apiKey('KeyA');

  it('a quota runs out mid-day and resets at UTC midnight; the offset applies to the initial day only', () => {
    const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA], quota: { limit: 100, period: 'DAY', offset: 30 } });
    // Start at noon: one request every 100 s for 24 hours = 432 on the first day, 432 on the second.
    const r = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [plan] }), traffic([client('c', 'GET /pets', constant(0.01, 0, 86_400), { apiKey: 'KeyA' })], '2025-03-10T12:00:00Z'));
    const c = byName(r, 'c');
    expect(c).toMatchObject({ requests: 864, accepted: 70 + 100, quotaExceeded: 864 - 170 });
    // The first day's allowance (100 - 30) is gone after 70 requests (7000 s); nothing passes until midnight (43200 s).
    const acceptedIn = (from: number, to: number) => c.timeline.filter((b) => b.second >= from && b.second < to).reduce((s, b) => s + b.accepted, 0);
    expect(acceptedIn(0, 7000)).toBe(70);
    expect(acceptedIn(7000, 43_200)).toBe(0);
    expect(acceptedIn(43_200, 43_200 + 10_000)).toBe(100);
    expect(r.levels.quota).toBe(694);
    // A day of traffic is reported in one-minute bins.
    expect(r.timelineStepSeconds).toBe(60);
  });

  it('throttled requests do not count against the quota', () => {
    const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA], throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 5, period: 'DAY', offset: 0 } });
    const r = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [plan] }), traffic([
      client('t0', 'GET /pets', burst(10, 0), { apiKey: 'KeyA' }),
      client('t100', 'GET /pets', burst(10, 100), { apiKey: 'KeyA' }),
      client('t200', 'GET /pets', burst(10, 200), { apiKey: 'KeyA' }),
    ]));
    expect(byName(r, 't0')).toMatchObject({ accepted: 2, throttled: 8, quotaExceeded: 0 });
    expect(byName(r, 't100')).toMatchObject({ accepted: 2, throttled: 8, quotaExceeded: 0 });
    // Quota is checked before throttles (APIGW-12): after the 5th acceptance the rest are quota 429s.
    expect(byName(r, 't200')).toMatchObject({ accepted: 1, throttled: 0, quotaExceeded: 9 });
  });

  it('a WEEK quota resets on Sunday 00:00 UTC and a MONTH quota on the 1st', () => {
    const weekPlan = usagePlan('Week', { stages: [{ api, stage: 'prod' }], keys: [keyA], quota: { limit: 3, period: 'WEEK', offset: 0 } });
    // 2025-01-04 is a Saturday: the next week starts 24 h later.
    const week = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [weekPlan] }), traffic([
      client('sat', 'GET /pets', burst(5, 3600), { apiKey: 'KeyA' }),
      client('sun', 'GET /pets', burst(5, 86_400), { apiKey: 'KeyA' }),
    ], '2025-01-04T00:00:00Z'));
    expect(byName(week, 'sat').accepted).toBe(3);
    expect(byName(week, 'sun').accepted).toBe(3);
    const monthPlan = usagePlan('Month', { stages: [{ api, stage: 'prod' }], keys: [keyA], quota: { limit: 3, period: 'MONTH', offset: 0 } });
    const month = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [monthPlan] }), traffic([
      client('jan31', 'GET /pets', burst(5, 0), { apiKey: 'KeyA' }),
      client('feb1', 'GET /pets', burst(5, 86_399), { apiKey: 'KeyA' }),
      client('feb1b', 'GET /pets', burst(5, 86_400), { apiKey: 'KeyA' }),
    ], '2025-01-31T00:00:00Z'));
    expect(byName(month, 'jan31').accepted).toBe(3);
    expect(byName(month, 'feb1').accepted).toBe(0);
    expect(byName(month, 'feb1b').accepted).toBe(3);
  });
});

describe('account-level limit (APIGW-3)', () => {
  it('is shared by all clients, APIs and stages; simultaneous arrivals go in client order', () => {
    const api1 = restApi('One', [method('GET /a')], [restStage('prod')]);
    const api2 = restApi('Two', [method('GET /b')], [restStage('beta')]);
    const r = run(model({ restApis: [api1, api2] }), traffic([
      client('first', 'GET /a', burst(8)),
      client('second', 'GET /b', burst(8), { stage: 'beta' }),
    ]), { accountRate: 0, accountBurst: 10 });
    expect(byName(r, 'first')).toMatchObject({ accepted: 8, throttled: 0 });
    expect(byName(r, 'second')).toMatchObject({ accepted: 2, throttled: 6, throttledBy: { account: 6 } });
    expect(r.levels.account).toBe(6);
  });

  it('APIGW-14: a stage or plan limit above the account-level limit is accepted with a warning', () => {
    const api = restApi('Api', [method('GET /a')], [stageDefault(20_000, 100)]);
    const warnings: string[] = [];
    const r = run(model({ restApis: [api] }), traffic([client('c', 'GET /a', burst(50))]), { warn: (m) => warnings.push(m) });
    expect(byName(r, 'c').accepted).toBe(50);
    expect(warnings).toEqual([expect.stringMatching(/Stage 'prod'.*rate 20000.*above the account-level limit.*APIGW-14/)]);
  });

  it('defaults to 10,000 requests per second with a burst of 5,000', () => {
    const api = restApi('Api', [method('GET /a')], [restStage('prod')]);
    const r = run(model({ restApis: [api] }), traffic([client('c', 'GET /a', burst(5001))]));
    expect(byName(r, 'c')).toMatchObject({ accepted: 5000, throttled: 1 });
    const steady = run(model({ restApis: [api] }), traffic([client('c', 'GET /a', constant(20_000, 0, 10))]));
    expect(Math.abs(byName(steady, 'c').accepted - (5000 + 10_000 * 10))).toBeLessThanOrEqual(1);
  });
});

describe('routing', () => {
  it('REST: unknown path or method gets 403 Missing Authentication Token, counted as notFound', () => {
    const api = restApi('Api', [method('GET /pets'), method('GET /pets/{id}')], [restStage('prod')]);
    const r = run(model({ restApis: [api] }), traffic([
      client('path', 'GET /owners', burst(2)),
      client('verb', 'DELETE /pets', burst(2)),
      client('param', 'GET /pets/42', burst(2)),
    ]));
    expect(byName(r, 'path')).toMatchObject({ notFound: 2, accepted: 0 });
    expect(byName(r, 'path').reason).toMatch(/^403 Missing Authentication Token/);
    expect(byName(r, 'verb').notFound).toBe(2);
    expect(byName(r, 'param')).toMatchObject({ accepted: 2, target: expect.stringContaining('/pets/{id}') });
  });

  it('REST: literal beats {param} beats {proxy+}; exact method beats ANY', () => {
    const api = restApi('Api', [method('ANY /{proxy+}'), method('GET /pets/{id}'), method('GET /pets/mine'), method('ANY /pets/{id}')], [restStage('prod')]);
    const r = run(model({ restApis: [api] }), traffic([
      client('mine', 'GET /pets/mine', burst(1)),
      client('id', 'GET /pets/7', burst(1)),
      client('anyid', 'PUT /pets/7', burst(1)),
      client('proxy', 'GET /a/b/c', burst(1)),
    ]));
    expect(byName(r, 'mine').target).toMatch(/GET \/pets\/mine$/);
    expect(byName(r, 'id').target).toMatch(/GET \/pets\/\{id\}$/);
    expect(byName(r, 'anyid').target).toMatch(/ANY \/pets\/\{id\}$/);
    expect(byName(r, 'proxy').target).toMatch(/ANY \/\{proxy\+\}$/);
  });

  it('a stage name in several APIs needs `api` (logical id) to say which', () => {
    const one = restApi('One', [method('GET /a')], [restStage('prod')]);
    const two = restApi('Two', [method('GET /b')], [restStage('prod')]);
    const m = model({ restApis: [one, two] });
    expect(() => run(m, traffic([client('c', 'GET /b', burst(1))]))).toThrow("client 'c': stage 'prod' is in several APIs (One, Two); say which with `api:`");
    expect(byName(run(m, traffic([client('c', 'GET /b', burst(1), { api: 'Two' })])), 'c')).toMatchObject({ accepted: 1, target: expect.stringContaining("RestApi 'Two'") });
    expect(() => run(m, traffic([client('c', 'GET /b', burst(1), { api: 'Three' })]))).toThrow("client 'c': unknown API 'Three'");
  });

  it('an unknown stage is bad input naming the client and the stage', () => {
    const api = restApi('Api', [method('GET /pets')], [restStage('prod')]);
    const t = traffic([client('mobile', 'GET /pets', burst(1), { stage: 'prd' })]);
    expect(() => run(model({ restApis: [api] }), t)).toThrow(InputError);
    expect(() => run(model({ restApis: [api] }), t)).toThrow("traffic.yaml: client 'mobile': unknown stage 'prd' (stages: prod)");
  });
});

describe('HTTP APIs', () => {
  it('a route throttle overrides the stage default route settings', () => {
    const api = httpApi('Http', ['GET /pets', 'ANY /{proxy+}'], [httpStage('prod', { rateLimit: 0, burstLimit: 100 }, { 'GET /pets': { rateLimit: 0, burstLimit: 4 } })]);
    const r = run(model({ httpApis: [api] }), traffic([client('pets', 'GET /pets', burst(10)), client('other', 'GET /other', burst(10))]));
    expect(byName(r, 'pets')).toMatchObject({ accepted: 4, throttled: 6, throttledBy: { method: 6 } });
    expect(byName(r, 'other')).toMatchObject({ accepted: 10, target: expect.stringContaining('ANY /{proxy+}') });
  });

  it('an unknown route gets 404 (notFound); $default catches everything else', () => {
    const noDefault = httpApi('Http', ['GET /pets'], [httpStage('prod')]);
    const r = run(model({ httpApis: [noDefault] }), traffic([client('c', 'GET /nope', burst(3))]));
    expect(byName(r, 'c')).toMatchObject({ notFound: 3 });
    expect(byName(r, 'c').reason).toMatch(/^404/);
    const withDefault = httpApi('Http', ['GET /pets', '$default'], [httpStage('prod')]);
    expect(byName(run(model({ httpApis: [withDefault] }), traffic([client('c', 'GET /nope', burst(3))])), 'c').accepted).toBe(3);
  });
});

describe('report', () => {
  it('counters sum to the requests sent and the timeline sums to the counters (APIGW-15)', () => {
    const api = restApi('Api', [method('GET /pets', true)], [stageDefault(5, 5)]);
    const keyA = apiKey('KeyA');
    const plan = usagePlan('Plan', { stages: [{ api, stage: 'prod' }], keys: [keyA], quota: { limit: 40, period: 'DAY', offset: 0 } });
    const r = run(model({ restApis: [api], apiKeys: [keyA], usagePlans: [plan] }), traffic([
      client('a', 'GET /pets', { type: 'poisson', rate: 12, start: 0, end: 20, seed: 3 }, { apiKey: 'KeyA' }),
      client('b', 'GET /pets', burst(5, 3)),
      client('c', 'GET /x', burst(2)),
    ]));
    for (const c of r.clients) {
      expect(c.accepted + c.throttled + c.quotaExceeded + c.forbidden + c.notFound).toBe(c.requests);
      const sum = (k: 'accepted' | 'throttled' | 'quotaExceeded' | 'forbidden' | 'notFound') => c.timeline.reduce((s, b) => s + b[k], 0);
      expect([sum('accepted'), sum('throttled'), sum('quotaExceeded'), sum('forbidden'), sum('notFound')]).toEqual([c.accepted, c.throttled, c.quotaExceeded, c.forbidden, c.notFound]);
    }
    expect(byName(r, 'a').quotaExceeded).toBeGreaterThan(0);
    expect(byName(r, 'b').forbidden).toBe(5);
    expect(r.timelineStepSeconds).toBe(1);
    expect(byName(r, 'a').timeline).toHaveLength(21);
  });
});

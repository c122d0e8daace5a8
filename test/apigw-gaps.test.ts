// API Gateway rules without a test of their own so far: the two kinds of 429 (APIGW-7) and the stage
// throttle buckets, one per (stage, method) shared by all clients (APIGW-11).
import { describe, expect, it } from 'vitest';
import { simulateApiGateway } from '../src/apigw/simulate.js';
import { buildReport, formatReport, type ApiGatewayReport, type ClientReport } from '../src/apigw/report.js';
import type { ApiGatewayModel } from '../src/model/apigateway.js';
import type { Traffic } from '../src/apigw/traffic.js';
import { apiKey, burst, client, method, model, restApi, restStage, traffic, usagePlan } from './helpers/apigw.js';

function run(m: ApiGatewayModel, t: Traffic): ApiGatewayReport {
  return buildReport(simulateApiGateway(m, t, {}));
}

function byName(report: ApiGatewayReport, name: string): ClientReport {
  return report.clients.find((x) => x.name === name)!;
}

describe('429 responses (APIGW-7)', () => {
  // One key with a bucket of 3 and no quota, another with a quota of 2 and no throttle: 5 requests each.
  const api = restApi('Api', [method('GET /pets', true)], [restStage('prod')]);
  const throttledKey = apiKey('Throttled');
  const quotaKey = apiKey('Quota');
  const m = model({
    restApis: [api],
    apiKeys: [throttledKey, quotaKey],
    usagePlans: [
      usagePlan('Tight', { stages: [{ api, stage: 'prod' }], keys: [throttledKey], throttle: { rateLimit: 0, burstLimit: 3 } }),
      usagePlan('Small', { stages: [{ api, stage: 'prod' }], keys: [quotaKey], quota: { limit: 2, period: 'DAY', offset: 0 } }),
    ],
  });
  const t = traffic([client('throttled', 'GET /pets', burst(5), { apiKey: 'Throttled' }), client('quota', 'GET /pets', burst(5), { apiKey: 'Quota' })]);

  it('APIGW-7: a throttled request is a 429 "Too Many Requests" (THROTTLED), an exhausted quota a 429 "Limit Exceeded" (QUOTA_EXCEEDED), counted apart', () => {
    const r = run(m, t);
    expect(byName(r, 'throttled')).toMatchObject({ requests: 5, accepted: 3, throttled: 2, quotaExceeded: 0, forbidden: 0 });
    expect(byName(r, 'quota')).toMatchObject({ requests: 5, accepted: 2, throttled: 0, quotaExceeded: 3, forbidden: 0 });
  });

  it('APIGW-7: the report shows both as 429s, in their own columns', () => {
    const lines = formatReport(run(m, t)).split('\n');
    expect(lines[0]).toMatch(/^client\s+requests\s+accepted\s+429 throttled\s+429 quota\s+403\s+not found$/);
    const cells = (name: string) => lines.find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/);
    expect(cells('throttled')).toEqual(['throttled', '5', '3', '2', '0', '0', '0']);
    expect(cells('quota')).toEqual(['quota', '5', '2', '0', '3', '0', '0']);
  });
});

describe('stage throttle buckets (APIGW-11)', () => {
  const stageDefault = (name: string) => restStage(name, [{ resourcePath: '/*', httpMethod: '*', rateLimit: 0, burstLimit: 5 }]);

  it('APIGW-11: clients of one method share its bucket (no API keys needed)', () => {
    const api = restApi('Api', [method('GET /pets')], [stageDefault('prod')]);
    const r = run(model({ restApis: [api] }), traffic([client('a', 'GET /pets', burst(4)), client('b', 'GET /pets', burst(4, 1))]));
    expect(byName(r, 'a')).toMatchObject({ accepted: 4, throttled: 0 });
    expect(byName(r, 'b')).toMatchObject({ accepted: 1, throttled: 3, throttledBy: { method: 3 } });
  });

  it('APIGW-11: the stage default */* gives each method its own bucket, not one for the stage', () => {
    const api = restApi('Api', [method('GET /pets'), method('POST /pets')], [stageDefault('prod')]);
    const r = run(model({ restApis: [api] }), traffic([client('get', 'GET /pets', burst(5)), client('post', 'POST /pets', burst(5))]));
    expect(byName(r, 'get')).toMatchObject({ accepted: 5, throttled: 0 });
    expect(byName(r, 'post')).toMatchObject({ accepted: 5, throttled: 0 });
  });

  it("APIGW-11: a method's own setting replaces the stage default for that method only", () => {
    const stage = restStage('prod', [
      { resourcePath: '/*', httpMethod: '*', rateLimit: 0, burstLimit: 5 },
      { resourcePath: '/pets', httpMethod: 'GET', rateLimit: 0, burstLimit: 2 },
    ]);
    const api = restApi('Api', [method('GET /pets'), method('POST /pets')], [stage]);
    const r = run(model({ restApis: [api] }), traffic([client('get', 'GET /pets', burst(5)), client('post', 'POST /pets', burst(5))]));
    expect(byName(r, 'get')).toMatchObject({ accepted: 2, throttled: 3 });
    expect(byName(r, 'post')).toMatchObject({ accepted: 5, throttled: 0 });
  });

  it('APIGW-11: two stages of one API have separate buckets for the same method', () => {
    const api = restApi('Api', [method('GET /pets')], [stageDefault('prod'), stageDefault('beta')]);
    const r = run(model({ restApis: [api] }), traffic([client('prod', 'GET /pets', burst(5)), client('beta', 'GET /pets', burst(5), { stage: 'beta' })]));
    expect(byName(r, 'prod')).toMatchObject({ accepted: 5, throttled: 0 });
    expect(byName(r, 'beta')).toMatchObject({ accepted: 5, throttled: 0 });
  });
});

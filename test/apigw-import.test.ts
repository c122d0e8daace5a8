// Mapping AWS::ApiGateway* / AWS::ApiGatewayV2* resources of a template into the API Gateway model,
// and the `vpcsim apigw` command end to end.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemplate } from '../src/import/cloudformation/template.js';
import { apiGatewayFromTemplate } from '../src/apigw/import.js';
import type { ApiGatewayModel } from '../src/model/apigateway.js';
import { InputError } from '../src/model/errors.js';
import { runCli } from './helpers/cli.js';

const EXAMPLE = 'examples/apigw/template.yaml';
const EXAMPLE_TRAFFIC = 'examples/apigw/traffic.yaml';

function load(text: string, warnings: string[] = []): ApiGatewayModel {
  return apiGatewayFromTemplate(resolveTemplate(text, 't.yaml', { warn: (m) => warnings.push(m) }), 't.yaml', (m) => warnings.push(m));
}

function importError(text: string): string {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const API = `
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets }
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: GET, AuthorizationType: NONE, ApiKeyRequired: true }
`;

const tpl = (resources: string) => `Resources:\n${API}${resources}`;

describe('API Gateway from a CloudFormation template', () => {
  it('maps the example: resource paths, ~1-encoded method settings, Ref to a Stage in ApiStages, plan keys', () => {
    const warnings: string[] = [];
    const m = load(readFileSync(EXAMPLE, 'utf8'), warnings);
    const api = m.restApis[0]!;
    expect(api.methods.map((x) => `${x.httpMethod} ${x.resourcePath} ${x.apiKeyRequired}`)).toEqual(['GET /pets true', 'GET /pets/{id} true', 'GET /health false']);
    expect(api.stages.map((s) => s.stageName)).toEqual(['prod']);
    expect(api.stages[0]!.methodSettings).toContainEqual({ resourcePath: '/health', httpMethod: 'GET', rateLimit: 20, burstLimit: 10 });
    const gold = m.usagePlans.find((p) => p.logicalId === 'GoldPlan')!;
    expect(gold.apiStages[0]).toMatchObject({ restApiId: api.id, stageName: 'prod' });
    expect(gold.apiStages[0]!.throttle.get('/pets/{id}/GET')).toEqual({ rateLimit: 20, burstLimit: 10 });
    // The parameter default flows into the plan throttle.
    expect(gold.throttle).toEqual({ rateLimit: 100, burstLimit: 50 });
    const keys = Object.fromEntries(m.apiKeys.map((k) => [k.logicalId, k]));
    expect(gold.apiKeyIds).toEqual([keys.GoldKey!.id]);
    expect(keys.FreeKey!.value).toMatch(/^[0-9a-f]{40}$/);
    expect(keys.RevokedKey!.enabled).toBe(false);
    expect(m.httpApis[0]!.routes.map((r) => r.routeKey)).toEqual(['POST /events', '$default']);
    expect(m.httpApis[0]!.stages[0]!.routeSettings.get('POST /events')).toEqual({ rateLimit: 30, burstLimit: 15 });
    expect(warnings).toEqual([]);
  });

  it('an ApiKey without Enabled is disabled, as CloudFormation creates it, with a warning', () => {
    const warnings: string[] = [];
    const m = load(tpl(`  Key:\n    Type: AWS::ApiGateway::ApiKey\n    Properties: {}\n`), warnings);
    expect(m.apiKeys[0]!.enabled).toBe(false);
    expect(warnings.join('\n')).toMatch(/ApiKey 'Key': Enabled is not set/);
  });

  it('a Deployment with StageName creates the stage; StageDescription throttles become its /* * default', () => {
    const m = load(tpl(`  Dep:
    Type: AWS::ApiGateway::Deployment
    DependsOn: GetPets
    Properties:
      RestApiId: !Ref Api
      StageName: v1
      StageDescription: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 3 }
`));
    expect(m.restApis[0]!.stages).toEqual([expect.objectContaining({ stageName: 'v1', methodSettings: [{ resourcePath: '/*', httpMethod: '*', rateLimit: 7, burstLimit: 3 }] })]);
  });

  it('an HTTP API quick create (Target) has its route and an auto-deployed $default stage; WebSocket APIs are skipped', () => {
    const warnings: string[] = [];
    const m = load(`Resources:
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: q, ProtocolType: HTTP, Target: arn:aws:lambda:us-east-1:123456789012:function:f }
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: w, ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.action" }
  WsRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Ws, RouteKey: $connect }
`, warnings);
    expect(m.httpApis).toHaveLength(1);
    expect(m.httpApis[0]!.routes).toEqual([{ routeKey: '$default' }]);
    expect(m.httpApis[0]!.stages.map((s) => s.stageName)).toEqual(['$default']);
    expect(warnings.join('\n')).toMatch(/Api 'Ws': ProtocolType WEBSOCKET is not simulated/);
  });

  it.each([
    [
      'a usage plan naming a stage the API does not have',
      `  Plan:\n    Type: AWS::ApiGateway::UsagePlan\n    Properties: { ApiStages: [{ ApiId: !Ref Api, Stage: prod }] }\n`,
      /^t\.yaml: UsagePlan 'Plan': ApiStages\[0\]\.Stage: RestApi 'Api' has no stage "prod"$/,
    ],
    [
      'a usage plan key pointing at a plan instead of a key',
      `  Plan:\n    Type: AWS::ApiGateway::UsagePlan\n    Properties: {}\n  PK:\n    Type: AWS::ApiGateway::UsagePlanKey\n    Properties: { KeyId: !Ref Plan, KeyType: API_KEY, UsagePlanId: !Ref Plan }\n`,
      /UsagePlanKey 'PK': KeyId: ".*" is a AWS::ApiGateway::UsagePlan, not an AWS::ApiGateway::ApiKey/,
    ],
    [
      'a method on a resource that is not in the template',
      `  Other:\n    Type: AWS::ApiGateway::Method\n    Properties: { RestApiId: !Ref Api, ResourceId: abc123, HttpMethod: GET }\n`,
      /Method 'Other': ResourceId: "abc123" is not an AWS::ApiGateway::Resource/,
    ],
    [
      'an unknown HTTP method',
      `  Other:\n    Type: AWS::ApiGateway::Method\n    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: FETCH }\n`,
      /Method 'Other': HttpMethod: "FETCH" is not one of/,
    ],
    [
      'a throttle that is not a number',
      `  Plan:\n    Type: AWS::ApiGateway::UsagePlan\n    Properties: { Throttle: { RateLimit: lots } }\n`,
      /UsagePlan 'Plan': Throttle.RateLimit: expected a number, got "lots"/,
    ],
    [
      'a quota with an unknown period',
      `  Plan:\n    Type: AWS::ApiGateway::UsagePlan\n    Properties: { Quota: { Limit: 5, Period: YEAR } }\n`,
      /UsagePlan 'Plan': Quota.Period: "YEAR" is not one of DAY, WEEK, MONTH/,
    ],
    [
      'an HTTP API route key without a path',
      `  Http:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { ProtocolType: HTTP }\n  R:\n    Type: AWS::ApiGatewayV2::Route\n    Properties: { ApiId: !Ref Http, RouteKey: GET pets }\n`,
      /Route 'R': RouteKey: expected "METHOD \/path" or \$default, got "GET pets"/,
    ],
    [
      'a quota offset not below its limit',
      `  Plan:\n    Type: AWS::ApiGateway::UsagePlan\n    Properties: { Quota: { Limit: 5, Offset: 5, Period: DAY } }\n`,
      /UsagePlan 'Plan': Quota.Offset: must be less than Limit \(5\)/,
    ],
  ])('rejects %s with one line', (_what, resources, pattern) => {
    const message = importError(tpl(resources));
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });
});

describe('vpcsim apigw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-apigw-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('runs the example: a table per client and a chart, exit 0 although there are 429s', async () => {
    const r = await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^client +requests +accepted +429 throttled +429 quota +403 +not found/);
    expect(r.stdout).toMatch(/\nmobile +3600 +3049 +551 +0 +0 +0\n/);
    expect(r.stdout).toContain('403 Forbidden: API key \'RevokedKey\' is disabled');
    expect(r.stdout).toMatch(/accepted \|.*\|/);
  });

  it('--json prints clients with counters and timeline, and the refusals per level', async () => {
    const r = await runCli('apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const byName = Object.fromEntries(out.clients.map((c: { name: string }) => [c.name, c]));
    // Gold plan 100/s burst 50 against 120/s for 30 s: 50 + 100 x 30 accepted, within one request.
    expect(Math.abs(byName.mobile.accepted - 3050)).toBeLessThanOrEqual(1);
    // Free plan: 100 per day minus offset 20 in the initial day.
    expect(byName.hobbyist.accepted).toBe(80);
    expect(byName.hobbyist.quotaExceeded).toBeGreaterThan(0);
    expect(byName.revoked.forbidden).toBe(10);
    expect(byName.typo.notFound).toBe(3);
    expect(byName.monitor).toMatchObject({ accepted: 10, throttled: 15 });
    expect(byName.mobile.timeline[0]).toEqual({ second: 0, requests: 120, accepted: 120, throttled: 0, quotaExceeded: 0, forbidden: 0, notFound: 0 });
    expect(out.levels).toMatchObject({ quota: byName.hobbyist.quotaExceeded, forbidden: 10, notFound: 3, account: 0 });
  });

  it('--account-rate and --account-burst set the shared account-level bucket', async () => {
    const t = write('t.yaml', 'clients:\n  - { name: a, stage: prod, request: "GET /health", arrivals: { type: burst, at: 0, count: 8 } }\n  - { name: b, stage: live, request: "GET /x", arrivals: { type: burst, at: 0, count: 8 } }\n');
    const r = await runCli('apigw', EXAMPLE, '--traffic', t, '--json', '--account-rate', '0', '--account-burst', '12');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.clients.map((c: { accepted: number }) => c.accepted)).toEqual([8, 4]);
    expect(out.levels.account).toBe(4);
  });

  it.each([
    ['an unknown stage', 'clients:\n  - { name: a, stage: prd, request: "GET /pets", arrivals: { type: burst, at: 0, count: 1 } }\n', /^error: .*t.yaml: client 'a': unknown stage 'prd' \(stages: prod, live\)\n$/],
    ['a malformed request', 'clients:\n  - { name: a, stage: prod, request: "GET", arrivals: { type: burst, at: 0, count: 1 } }\n', /^error: .*client 'a': request: expected "METHOD \/path"/],
    ['a negative rate', 'clients:\n  - { name: a, stage: prod, request: "GET /", arrivals: { type: poisson, rate: -1, start: 0, end: 1 } }\n', /arrivals.rate: must not be negative/],
    ['a missing field', 'clients:\n  - { name: a, request: "GET /", arrivals: { type: burst, at: 0, count: 1 } }\n', /client 'a': missing field stage/],
  ])('bad traffic (%s): one line, exit 2', async (_what, text, pattern) => {
    const r = await runCli('apigw', EXAMPLE, '--traffic', write('t.yaml', text));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad flags and files: one line, exit 2', async () => {
    for (const args of [
      ['apigw', EXAMPLE, '--traffic', join(dir, 'missing.yaml')],
      ['apigw', EXAMPLE, '--traffic', EXAMPLE_TRAFFIC, '--account-rate', '-3'],
      ['apigw', EXAMPLE],
    ]) {
      const r = await runCli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('APIGW-5: a key in two usage plans for the same stage is bad input', async () => {
    const text = readFileSync(EXAMPLE, 'utf8') + `
  GoldKeyAlsoFree:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref GoldKey, KeyType: API_KEY, UsagePlanId: !Ref FreePlan }
`;
    const r = await runCli('apigw', write('two-plans.yaml', text), '--traffic', EXAMPLE_TRAFFIC);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ApiKey 'GoldKey'.*GoldPlan.*FreePlan.*APIGW-5/);
  });

  it('--param overrides a template parameter', async () => {
    const t = write('p.yaml', 'clients:\n  - { name: a, stage: prod, request: "GET /pets", apiKey: GoldKey, arrivals: { type: burst, at: 0, count: 100 } }\n');
    const r = await runCli('apigw', EXAMPLE, '--traffic', t, '--json', '--param', 'GoldRate=1');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.clients[0].accepted).toBe(50);
    expect(out.limits[0].limit).toMatch(/GoldPlan.*rate 1\/s, burst 50/);
  });
});

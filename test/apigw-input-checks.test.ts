// API Gateway input that API Gateway itself refuses is bad input (issue 11 §2), in `vpcsim validate` and
// `vpcsim apigw` alike; `vpcsim validate` on an API Gateway template summarises what it holds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-apigw-checks-'));
let n = 0;
function template(resources: string): string {
  const p = join(dir, `t${n++}.yaml`);
  writeFileSync(p, `Resources:\n${resources}`);
  return p;
}

const API = `
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Api, StageName: prod }
`;

function plan(throttle: string): string {
  return `${API}
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages: [{ ApiId: !Ref Api, Stage: prod }]
      Throttle: ${throttle}
`;
}

function resource(pathPart: string): string {
  return `${API}
  Part:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: "${pathPart}" }
`;
}

const key = (name: string, value: string) => `
  ${name}:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Enabled: true, Value: ${value} }
`;

async function expectRefused(file: string, pattern: RegExp): Promise<void> {
  for (const argv of [['validate', file], ['apigw', file, '--traffic', 'examples/apigw/traffic.yaml']]) {
    const r = await runCli(...argv, '--quiet');
    expect(r.code, argv.join(' ')).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }
}

describe('API Gateway input checks', () => {
  // "AWS::ApiGateway::UsagePlan ThrottleSettings": BurstLimit and RateLimit have Minimum 0.
  it('a negative RateLimit or BurstLimit is an error naming the plan and field', async () => {
    await expectRefused(template(plan('{ RateLimit: -5, BurstLimit: 10 }')), /UsagePlan 'Plan': Throttle\.RateLimit: must not be negative, got -5$/m);
    await expectRefused(template(plan('{ RateLimit: 5, BurstLimit: -1 }')), /UsagePlan 'Plan': Throttle\.BurstLimit: must not be negative, got -1$/m);
  });

  it('zero limits are accepted (the minimum)', async () => {
    const r = await runCli('validate', template(plan('{ RateLimit: 0, BurstLimit: 0 }')), '--quiet');
    expect(r.code).toBe(0);
  });

  // CreateResource: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and
  // the end and an optional plus sign before the closing brace."
  it('a PathPart with unbalanced or inner braces is an error', async () => {
    for (const bad of ['{id', 'id}', '{{id}}', 'pet{id}', '{}']) {
      await expectRefused(template(resource(bad)), /Resource 'Part': PathPart: braces must enclose the whole path part/);
    }
  });

  it('{id} and {proxy+} are path parameters', async () => {
    for (const good of ['{id}', '{proxy+}']) expect((await runCli('validate', template(resource(good)), '--quiet')).code).toBe(0);
  });

  // "Set up API keys for REST APIs in API Gateway": API key values must be unique.
  it('two API keys with the same value are an error naming both, without printing the value', async () => {
    const file = template(`${API}${key('KeyA', 'abcdefghij0123456789')}${key('KeyB', 'abcdefghij0123456789')}`);
    await expectRefused(file, /ApiKey 'KeyB': Value: API key 'KeyA' has the same value; API key values must be unique/);
    const r = await runCli('validate', file);
    expect(r.stderr).not.toContain('abcdefghij0123456789');
  });

  it('validate summarises an API Gateway template by its APIs, stages, plans and keys', async () => {
    const r = await runCli('validate', 'examples/apigw/template.yaml');
    expect(r.code).toBe(0);
    // examples/apigw/template.yaml: PetsApi (stage prod), EventsApi (one stage), Gold and Free plans, three keys.
    expect(r.stdout).toBe('ok: examples/apigw/template.yaml: API Gateway: 1 REST API, 1 HTTP API, 2 stages, 2 usage plans, 3 API keys (0 warnings)\n');
    const json = JSON.parse((await runCli('validate', 'examples/apigw/template.yaml', '--json')).stdout);
    expect(json.apiGateway).toEqual({ restApis: 1, httpApis: 1, stages: 2, usagePlans: 2, apiKeys: 3 });
  });

  it('a network template says nothing of API Gateway', async () => {
    const json = JSON.parse((await runCli('validate', 'examples/two-tier.yaml', '--json')).stdout);
    expect(json.apiGateway).toBeUndefined();
  });
});

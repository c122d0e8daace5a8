// The API Gateway model from a resolved CloudFormation template: one mapper per resource type, in a
// table; then the links between resources (RestApiId, ParentId, KeyId ...) are resolved and checked.
import type { ApiGatewayModel, RestApi, RestApiStage } from '../model/apigateway.js';
import { InputError } from '../model/errors.js';
import { physicalId } from '../model/ids.js';
import type { ResolvedTemplate } from '../import/cloudformation/template.js';
import { emptyDraft, MapperInput, type ApiGatewayDraft } from './import/draft.js';
import { mapHttpApi, mapHttpRoute, mapHttpStage } from './import/http.js';
import { mapDeployment, mapMethod, mapResource, mapRestApi, mapStage } from './import/rest.js';
import { mapApiKey, mapUsagePlan, mapUsagePlanKey } from './import/usage.js';
import { splitRouteKey } from './routing.js';
import { quote } from '../model/printable.js';

type Mapper = (m: MapperInput) => void;

const MAPPERS: ReadonlyMap<string, Mapper> = new Map([
  ['AWS::ApiGateway::RestApi', mapRestApi],
  ['AWS::ApiGateway::Resource', mapResource],
  ['AWS::ApiGateway::Method', mapMethod],
  ['AWS::ApiGateway::Stage', mapStage],
  ['AWS::ApiGateway::Deployment', mapDeployment],
  ['AWS::ApiGateway::UsagePlan', mapUsagePlan],
  ['AWS::ApiGateway::ApiKey', mapApiKey],
  ['AWS::ApiGateway::UsagePlanKey', mapUsagePlanKey],
  ['AWS::ApiGatewayV2::Api', mapHttpApi],
  ['AWS::ApiGatewayV2::Route', mapHttpRoute],
  ['AWS::ApiGatewayV2::Stage', mapHttpStage],
]);

/** API Gateway types that do not change who gets which answer in this simulation. */
const NO_EFFECT = new Set([
  'AWS::ApiGateway::Account',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::BasePathMapping',
  'AWS::ApiGateway::BasePathMappingV2',
  'AWS::ApiGateway::ClientCertificate',
  'AWS::ApiGateway::DocumentationPart',
  'AWS::ApiGateway::DocumentationVersion',
  'AWS::ApiGateway::DomainName',
  'AWS::ApiGateway::DomainNameV2',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Model',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::VpcLink',
  'AWS::ApiGatewayV2::ApiMapping',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Deployment',
  'AWS::ApiGatewayV2::DomainName',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::IntegrationResponse',
  'AWS::ApiGatewayV2::Model',
  'AWS::ApiGatewayV2::RouteResponse',
  'AWS::ApiGatewayV2::VpcLink',
]);

/**
 * A resolved template's API Gateway resources (stages, methods, usage plans, API keys, throttles, quotas) as
 * the model simulateApiGateway() runs; `warn` is told what is skipped. Bad input throws an InputError naming
 * `file`.
 */
export function apiGatewayFromTemplate(template: ResolvedTemplate, file: string, warn: (m: string) => void = () => {}): ApiGatewayModel {
  const draft = emptyDraft();
  const typeOf = new Map<string, string>();
  for (const [logicalId, r] of template.resources) {
    const mapper = MAPPERS.get(r.type);
    if (!mapper) {
      if (/^AWS::ApiGateway(V2)?::/.test(r.type) && !NO_EFFECT.has(r.type)) warn(`${file}: ${r.type} '${logicalId}': not simulated, skipped`);
      continue;
    }
    const id = template.physicalIds.get(logicalId) ?? physicalId(r.type.split('::')[2]!.toLowerCase(), logicalId, template.stackName);
    typeOf.set(id, r.type);
    mapper(new MapperInput(draft, file, r.type, logicalId, id, template.stackName, r.properties, warn));
  }
  return assemble(draft, template, file, typeOf, warn);
}

function assemble(draft: ApiGatewayDraft, template: ResolvedTemplate, file: string, typeOf: Map<string, string>, warn: (m: string) => void): ApiGatewayModel {
  const fail = (type: string, logicalId: string, field: string, detail: string) =>
    new InputError(`${field}: ${detail}`, { file, resourceType: type, logicalId, field });
  const notA = (id: string, what: string) => {
    const type = typeOf.get(id);
    return type ? `${quote(id)} is a ${type}, not ${what}` : `${quote(id)} is not ${what} of this template`;
  };

  const restApis = new Map<string, RestApi>();
  for (const d of draft.restApis.values()) restApis.set(d.id, { id: d.id, logicalId: d.logicalId, ...(d.name !== undefined && { name: d.name }), methods: [], stages: [] });
  const restApi = (id: string, type: string, logicalId: string) => {
    const api = restApis.get(id);
    if (!api) throw fail(type, logicalId, 'RestApiId', notA(id, 'an AWS::ApiGateway::RestApi'));
    return api;
  };

  // Fn::GetAtt Api.RootResourceId resolves to this value (template.ts: unmodelled attributes).
  const rootIds = new Map([...restApis.values()].map((a) => [physicalId('att', `${a.logicalId}.RootResourceId`, template.stackName), a.id]));
  const paths = new Map<string, string>();
  const pathOf = (resourceId: string, apiId: string, type: string, logicalId: string, field: string, depth = 0): string => {
    if (rootIds.get(resourceId) === apiId) return '/';
    const known = paths.get(resourceId);
    if (known) return known;
    const r = draft.resources.get(resourceId);
    if (!r) throw fail(type, logicalId, field, notA(resourceId, `an AWS::ApiGateway::Resource or the RootResourceId of the RestApi`));
    if (r.restApiId !== apiId) throw fail(type, logicalId, field, `resource '${r.logicalId}' belongs to another RestApi`);
    if (depth > 100) throw fail('AWS::ApiGateway::Resource', r.logicalId, 'ParentId', 'the resource tree has a cycle');
    const parent = pathOf(r.parentId, apiId, 'AWS::ApiGateway::Resource', r.logicalId, 'ParentId', depth + 1);
    const path = parent === '/' ? `/${r.pathPart}` : `${parent}/${r.pathPart}`;
    paths.set(resourceId, path);
    return path;
  };
  for (const [id, r] of draft.resources) pathOf(id, restApi(r.restApiId, 'AWS::ApiGateway::Resource', r.logicalId).id, 'AWS::ApiGateway::Resource', r.logicalId, 'ParentId');
  for (const m of draft.methods) {
    const api = restApi(m.restApiId, 'AWS::ApiGateway::Method', m.logicalId);
    const resourcePath = pathOf(m.resourceId, api.id, 'AWS::ApiGateway::Method', m.logicalId, 'ResourceId');
    api.methods.push({ resourcePath, httpMethod: m.httpMethod, apiKeyRequired: m.apiKeyRequired, logicalId: m.logicalId });
  }

  // A Stage resource wins over a Deployment's StageName of the same name (AWS would refuse the duplicate).
  const stageById = new Map<string, RestApiStage>();
  const ordered = [...draft.restStages].sort((a, b) => Number(typeOf.get(b.id) === 'AWS::ApiGateway::Stage') - Number(typeOf.get(a.id) === 'AWS::ApiGateway::Stage'));
  for (const s of ordered) {
    const type = typeOf.get(s.id)!;
    const api = restApi(s.restApiId, type, s.logicalId);
    if (api.stages.some((x) => x.stageName === s.stageName)) {
      warn(`${file}: ${type} '${s.logicalId}': stage '${s.stageName}' of RestApi '${api.logicalId}' is also defined elsewhere; this one is ignored`);
      continue;
    }
    const stage: RestApiStage = { id: s.id, logicalId: s.logicalId, stageName: s.stageName, methodSettings: s.methodSettings };
    api.stages.push(stage);
    stageById.set(s.id, stage);
  }

  for (const plan of draft.usagePlans) {
    plan.apiStages.forEach((s, i) => {
      const api = restApis.get(s.restApiId);
      if (!api) throw fail('AWS::ApiGateway::UsagePlan', plan.logicalId, `ApiStages[${i}].ApiId`, notA(s.restApiId, 'an AWS::ApiGateway::RestApi'));
      // Stage: a stage name, or a Ref to an AWS::ApiGateway::Stage (our Ref gives its physical id).
      s.stageName = stageById.get(s.stageName)?.stageName ?? s.stageName;
      if (!api.stages.some((x) => x.stageName === s.stageName)) {
        throw fail('AWS::ApiGateway::UsagePlan', plan.logicalId, `ApiStages[${i}].Stage`, `RestApi '${api.logicalId}' has no stage ${quote(s.stageName)}`);
      }
    });
  }
  for (const k of draft.usagePlanKeys) {
    const plan = draft.usagePlans.find((p) => p.id === k.usagePlanId);
    if (!plan) throw fail('AWS::ApiGateway::UsagePlanKey', k.logicalId, 'UsagePlanId', notA(k.usagePlanId, 'an AWS::ApiGateway::UsagePlan'));
    if (!draft.apiKeys.some((key) => key.id === k.keyId)) throw fail('AWS::ApiGateway::UsagePlanKey', k.logicalId, 'KeyId', notA(k.keyId, 'an AWS::ApiGateway::ApiKey'));
    if (!plan.apiKeyIds.includes(k.keyId)) plan.apiKeyIds.push(k.keyId);
  }

  const httpApi = (id: string, type: string, logicalId: string) => {
    const api = draft.httpApis.get(id);
    if (!api && !draft.skippedApiIds.has(id)) throw fail(type, logicalId, 'ApiId', notA(id, 'an AWS::ApiGatewayV2::Api'));
    return api;
  };
  for (const r of draft.httpRoutes) {
    const api = httpApi(r.apiId, 'AWS::ApiGatewayV2::Route', r.logicalId);
    if (!api) continue;
    if (r.routeKey !== '$default' && !splitRouteKey(r.routeKey)) {
      throw fail('AWS::ApiGatewayV2::Route', r.logicalId, 'RouteKey', `expected "METHOD /path" or $default, got ${quote(r.routeKey)}`);
    }
    api.routes.push({ routeKey: r.routeKey });
  }
  for (const s of draft.httpStages) httpApi(s.apiId, 'AWS::ApiGatewayV2::Stage', s.logicalId)?.stages.push(s.stage);

  return { restApis: [...restApis.values()], httpApis: [...draft.httpApis.values()], usagePlans: draft.usagePlans, apiKeys: draft.apiKeys };
}

// Mappers for REST API (API Gateway v1) resources: the API, its resource tree, methods and stages.
import type { MethodThrottle } from '../../model/apigateway.js';
import type { PropertyReader } from '../../import/cloudformation/properties.js';
import { throttleOf, type MapperInput } from './draft.js';
import { quote } from '../../model/printable.js';

export function mapRestApi(m: MapperInput): void {
  if (m.props.has('Body') || m.props.has('BodyS3Location')) {
    m.warn('the OpenAPI definition (Body / BodyS3Location) is not read; only AWS::ApiGateway::Resource and Method resources are modelled');
  }
  const name = m.props.optString('Name');
  m.draft.restApis.set(m.id, { id: m.id, logicalId: m.logicalId, ...(name !== undefined && { name }) });
}

/** A path parameter segment: `{id}`, or the greedy `{proxy+}`. */
const PATH_PARAMETER = /^\{[A-Za-z0-9._-]+\+?\}$/;

export function mapResource(m: MapperInput): void {
  const pathPart = m.props.string('PathPart');
  if (pathPart.includes('/')) throw m.error('PathPart', `a path part is one segment, got ${quote(pathPart)}`);
  // CreateResource refuses any other part: "Resource's path part only allow a-zA-Z0-9._- and curly
  // braces at the beginning and the end and an optional plus sign before the closing brace."
  if ((pathPart.includes('{') || pathPart.includes('}')) && !PATH_PARAMETER.test(pathPart)) {
    throw m.error('PathPart', `braces must enclose the whole path part, as in {id} or {proxy+}, got ${quote(pathPart)}`);
  }
  m.draft.resources.set(m.id, { logicalId: m.logicalId, restApiId: m.props.string('RestApiId'), parentId: m.props.string('ParentId'), pathPart });
}

export function mapMethod(m: MapperInput): void {
  const httpMethod = m.props.oneOf('HttpMethod', ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'] as const);
  m.draft.methods.push({
    logicalId: m.logicalId,
    restApiId: m.props.string('RestApiId'),
    resourceId: m.props.string('ResourceId'),
    httpMethod,
    apiKeyRequired: m.props.bool('ApiKeyRequired', false),
  });
}

/** MethodSettings entries with throttles. ResourcePath is written with `/` encoded as `~1` (`/~1pets`). */
function methodSettings(r: PropertyReader, field: string): MethodThrottle[] {
  const out: MethodThrottle[] = [];
  for (const s of r.objects(field)) {
    const throttle = throttleOf(s, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (!throttle) continue;
    const resourcePath = s.optString('ResourcePath') ?? '/*';
    const httpMethod = (s.optString('HttpMethod') ?? '*').toUpperCase();
    out.push({ resourcePath: decodeResourcePath(resourcePath), httpMethod, ...throttle });
  }
  return out;
}

function decodeResourcePath(path: string): string {
  if (path === '/*' || path === '/') return path;
  return path.replace(/~1/g, '/').replace(/~0/g, '~').replace(/^\/\//, '/');
}

export function mapStage(m: MapperInput): void {
  m.draft.restStages.push({
    logicalId: m.logicalId,
    id: m.id,
    restApiId: m.props.string('RestApiId'),
    stageName: m.props.string('StageName'),
    methodSettings: methodSettings(m.props, 'MethodSettings'),
  });
}

/** A Deployment with StageName creates that stage; StageDescription carries its settings. */
export function mapDeployment(m: MapperInput): void {
  const stageName = m.props.optString('StageName');
  if (stageName === undefined) return;
  const description = m.props.optObject('StageDescription');
  const settings = description ? methodSettings(description, 'MethodSettings') : [];
  const stageWide = description && throttleOf(description, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
  if (stageWide && !settings.some((s) => s.resourcePath === '/*' && s.httpMethod === '*')) {
    settings.push({ resourcePath: '/*', httpMethod: '*', ...stageWide });
  }
  m.draft.restStages.push({ logicalId: m.logicalId, id: m.id, restApiId: m.props.string('RestApiId'), stageName, methodSettings: settings });
}

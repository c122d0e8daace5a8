// Mappers for HTTP APIs (AWS::ApiGatewayV2::Api, Route, Stage). WebSocket APIs are skipped.
import type { HttpApi, ThrottleSettings } from '../../model/apigateway.js';
import { mapEntries, throttleOf, type MapperInput } from './draft.js';

export function mapHttpApi(m: MapperInput): void {
  const protocol = m.props.optString('ProtocolType') ?? (m.props.has('Body') || m.props.has('BodyS3Location') ? 'HTTP' : undefined);
  if (protocol !== 'HTTP') {
    m.warn(`ProtocolType ${protocol ?? '(none)'} is not simulated; only HTTP APIs are`);
    m.draft.skippedApiIds.add(m.id);
    return;
  }
  if (m.props.has('Body') || m.props.has('BodyS3Location')) m.warn('the OpenAPI definition (Body / BodyS3Location) is not read');
  const api: HttpApi = { id: m.id, logicalId: m.logicalId, routes: [], stages: [] };
  // Quick create: Target makes a route (RouteKey, default $default) and an auto-deployed $default stage.
  if (m.props.has('Target')) {
    api.routes.push({ routeKey: m.props.optString('RouteKey') ?? '$default' });
    m.draft.httpStages.push({
      logicalId: m.logicalId,
      apiId: m.id,
      stage: { id: `${m.id}/$default`, logicalId: m.logicalId, stageName: '$default', defaultRouteSettings: {}, routeSettings: new Map() },
    });
  }
  m.draft.httpApis.set(m.id, api);
}

export function mapHttpRoute(m: MapperInput): void {
  // The route key is checked when the API is known to be an HTTP API (WebSocket keys look like $connect).
  m.draft.httpRoutes.push({ logicalId: m.logicalId, apiId: m.props.string('ApiId'), routeKey: m.props.string('RouteKey').trim() });
}

export function mapHttpStage(m: MapperInput): void {
  const routeSettings = new Map<string, ThrottleSettings>();
  for (const [routeKey, r] of mapEntries(m.props, 'RouteSettings')) {
    const t = throttleOf(r, 'ThrottlingRateLimit', 'ThrottlingBurstLimit');
    if (t) routeSettings.set(routeKey, t);
  }
  m.draft.httpStages.push({
    logicalId: m.logicalId,
    apiId: m.props.string('ApiId'),
    stage: {
      id: m.id,
      logicalId: m.logicalId,
      stageName: m.props.string('StageName'),
      defaultRouteSettings: throttleOf(m.props.optObject('DefaultRouteSettings'), 'ThrottlingRateLimit', 'ThrottlingBurstLimit') ?? {},
      routeSettings,
    },
  });
}

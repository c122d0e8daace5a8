// Small factories for API Gateway models and traffic in tests (ids are deterministic, as importers make them).
import type {
  ApiGatewayModel,
  ApiKey,
  HttpApi,
  HttpApiStage,
  MethodThrottle,
  RestApi,
  RestApiMethod,
  RestApiStage,
  ThrottleSettings,
  UsagePlan,
  UsagePlanQuota,
} from '../../src/model/apigateway.js';
import { physicalId } from '../../src/model/ids.js';
import type { Arrivals, Traffic, TrafficClient } from '../../src/apigw/traffic.js';

export function method(request: string, apiKeyRequired = false): RestApiMethod {
  const [httpMethod, resourcePath] = request.split(' ') as [string, string];
  return { httpMethod, resourcePath, apiKeyRequired };
}

export function restStage(stageName: string, methodSettings: MethodThrottle[] = []): RestApiStage {
  return { id: stageName, logicalId: `${stageName}Stage`, stageName, methodSettings };
}

export function restApi(logicalId: string, methods: RestApiMethod[], stages: RestApiStage[]): RestApi {
  return { id: physicalId('restapi', logicalId), logicalId, methods, stages };
}

export function httpApi(logicalId: string, routeKeys: string[], stages: HttpApiStage[]): HttpApi {
  return { id: physicalId('httpapi', logicalId), logicalId, routes: routeKeys.map((routeKey) => ({ routeKey })), stages };
}

export function httpStage(stageName: string, defaultRouteSettings: ThrottleSettings = {}, routeSettings: Record<string, ThrottleSettings> = {}): HttpApiStage {
  return { id: stageName, logicalId: `${stageName}Stage`, stageName, defaultRouteSettings, routeSettings: new Map(Object.entries(routeSettings)) };
}

export function apiKey(logicalId: string, enabled = true, value = `${logicalId}-value-0123456789abcdef`): ApiKey {
  return { id: physicalId('key', logicalId), logicalId, value, enabled };
}

export function usagePlan(
  logicalId: string,
  opts: {
    stages: { api: RestApi; stage: string; methodThrottles?: Record<string, ThrottleSettings> }[];
    keys: ApiKey[];
    throttle?: ThrottleSettings;
    quota?: UsagePlanQuota;
  },
): UsagePlan {
  return {
    id: physicalId('plan', logicalId),
    logicalId,
    apiStages: opts.stages.map((s) => ({ restApiId: s.api.id, stageName: s.stage, throttle: new Map(Object.entries(s.methodThrottles ?? {})) })),
    apiKeyIds: opts.keys.map((k) => k.id),
    ...(opts.throttle && { throttle: opts.throttle }),
    ...(opts.quota && { quota: opts.quota }),
  };
}

export function model(parts: Partial<ApiGatewayModel>): ApiGatewayModel {
  return { restApis: [], httpApis: [], usagePlans: [], apiKeys: [], ...parts };
}

export function client(name: string, request: string, arrivals: Arrivals, extra: Partial<TrafficClient> = {}): TrafficClient {
  const [m, path] = request.split(' ') as [string, string];
  return { name, stage: 'prod', method: m, path, arrivals, ...extra };
}

export function traffic(clients: TrafficClient[], start = '2025-01-01T00:00:00Z'): Traffic {
  return { file: 'traffic.yaml', startEpochMs: Date.parse(start), clients };
}

export const burst = (count: number, at = 0): Arrivals => ({ type: 'burst', at, count });
export const constant = (rate: number, start: number, end: number): Arrivals => ({ type: 'constant', rate, start, end });

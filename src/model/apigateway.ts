// API Gateway part of the model (REST APIs v1 and HTTP APIs v2), as the API Gateway simulator needs it.
import type { Resource } from './resource.js';

export interface ThrottleSettings {
  /** Requests per second (token refill rate); undefined = not set at this level. */
  rateLimit?: number;
  /** Bucket capacity; undefined = not set at this level. */
  burstLimit?: number;
}

export interface RestApiMethod {
  /** Full resource path, e.g. `/pets/{id}`. */
  resourcePath: string;
  /** GET, POST, ..., or ANY. */
  httpMethod: string;
  apiKeyRequired: boolean;
  logicalId?: string;
}

export interface MethodThrottle extends ThrottleSettings {
  /** `/*` or a resource path. */
  resourcePath: string;
  /** `*` or an HTTP method. */
  httpMethod: string;
}

export interface RestApiStage extends Resource {
  stageName: string;
  /** Stage-level method settings, including the `/*` `*` default (APIGW-11). */
  methodSettings: MethodThrottle[];
}

export interface RestApi extends Resource {
  methods: RestApiMethod[];
  stages: RestApiStage[];
}

export interface HttpApiRoute {
  /** `GET /pets/{id}`, `ANY /{proxy+}` or `$default`. */
  routeKey: string;
}

export interface HttpApiStage extends Resource {
  stageName: string;
  defaultRouteSettings: ThrottleSettings;
  /** Keyed by route key. */
  routeSettings: Map<string, ThrottleSettings>;
}

export interface HttpApi extends Resource {
  routes: HttpApiRoute[];
  stages: HttpApiStage[];
}

export interface UsagePlanApiStage {
  restApiId: string;
  stageName: string;
  /** Per-method overrides keyed `/path/METHOD` as CloudFormation writes them (APIGW-10). */
  throttle: Map<string, ThrottleSettings>;
}

export interface UsagePlanQuota {
  limit: number;
  period: 'DAY' | 'WEEK' | 'MONTH';
  offset: number;
}

export interface UsagePlan extends Resource {
  apiStages: UsagePlanApiStage[];
  throttle?: ThrottleSettings;
  quota?: UsagePlanQuota;
  /** Ids of the API keys attached by AWS::ApiGateway::UsagePlanKey. */
  apiKeyIds: string[];
}

export interface ApiKey extends Resource {
  value: string;
  enabled: boolean;
}

export interface ApiGatewayModel {
  restApis: RestApi[];
  httpApis: HttpApi[];
  usagePlans: UsagePlan[];
  apiKeys: ApiKey[];
}

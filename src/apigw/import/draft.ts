// What the per-type mappers collect from a resolved template before the API Gateway model is assembled:
// CloudFormation links resources by physical id (RestApiId, ParentId, KeyId ...), and a reference may
// point at a resource later in the template, so links are resolved only once everything is read.
import { InputError } from '../../model/errors.js';
import type { ApiKey, HttpApi, HttpApiStage, MethodThrottle, ThrottleSettings, UsagePlan } from '../../model/apigateway.js';
import { PropertyReader } from '../../import/cloudformation/properties.js';
import { describeValue, isTemplateMap, type TemplateMap } from '../../import/cloudformation/values.js';

export interface ResourceDraft {
  logicalId: string;
  restApiId: string;
  parentId: string;
  pathPart: string;
}

export interface MethodDraft {
  logicalId: string;
  restApiId: string;
  resourceId: string;
  httpMethod: string;
  apiKeyRequired: boolean;
}

export interface RestStageDraft {
  logicalId: string;
  /** Physical id of the Stage (or Deployment) resource. */
  id: string;
  restApiId: string;
  stageName: string;
  methodSettings: MethodThrottle[];
}

export interface UsagePlanKeyDraft {
  logicalId: string;
  keyId: string;
  usagePlanId: string;
}

export interface ApiGatewayDraft {
  restApis: Map<string, { id: string; logicalId: string; name?: string }>;
  resources: Map<string, ResourceDraft>;
  methods: MethodDraft[];
  restStages: RestStageDraft[];
  /** ApiStages[].Stage as written (a stage name, or a Stage's Ref) until assembly. */
  usagePlans: UsagePlan[];
  apiKeys: ApiKey[];
  usagePlanKeys: UsagePlanKeyDraft[];
  httpApis: Map<string, HttpApi>;
  /** WebSocket APIs: their routes and stages are skipped too. */
  skippedApiIds: Set<string>;
  httpRoutes: { logicalId: string; apiId: string; routeKey: string }[];
  httpStages: { logicalId: string; apiId: string; stage: HttpApiStage }[];
}

export function emptyDraft(): ApiGatewayDraft {
  return {
    restApis: new Map(),
    resources: new Map(),
    methods: [],
    restStages: [],
    usagePlans: [],
    apiKeys: [],
    usagePlanKeys: [],
    httpApis: new Map(),
    skippedApiIds: new Set(),
    httpRoutes: [],
    httpStages: [],
  };
}

/** One resource being mapped: its properties, ids and where to report problems. */
export class MapperInput {
  readonly props: PropertyReader;

  constructor(
    readonly draft: ApiGatewayDraft,
    readonly file: string,
    readonly type: string,
    readonly logicalId: string,
    readonly id: string,
    readonly stackName: string,
    properties: Record<string, unknown>,
    private readonly warnSink: (message: string) => void,
  ) {
    this.props = new PropertyReader(properties as TemplateMap, (field, detail) => this.error(field, detail));
  }

  error(field: string, detail: string): InputError {
    return new InputError(`${field}: ${detail}`, { file: this.file, logicalId: this.logicalId, resourceType: this.type, field });
  }

  warn(detail: string): void {
    this.warnSink(`${this.file}: ${this.type} '${this.logicalId}': ${detail}`);
  }
}

/** A number property (throttle rates are doubles in CloudFormation). */
export function optNumber(r: PropertyReader, name: string): number | undefined {
  const v = r.raw(name);
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw r.error(name, `expected a number, got ${describeValue(v)}`);
  return n;
}

/** `{ BurstLimit, RateLimit }` (usage plans) or `Throttling*Limit` (stages, route settings). */
export function throttleOf(r: PropertyReader | undefined, rateKey: string, burstKey: string): ThrottleSettings | undefined {
  if (!r) return undefined;
  const rateLimit = optNumber(r, rateKey);
  const burstLimit = optNumber(r, burstKey);
  // "AWS::ApiGateway::UsagePlan ThrottleSettings" (and the stage and route settings): Minimum 0.
  for (const [key, n] of [[rateKey, rateLimit], [burstKey, burstLimit]] as const) {
    if (n !== undefined && n < 0) throw r.error(key, `must not be negative, got ${n}`);
  }
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  return { ...(rateLimit !== undefined && { rateLimit }), ...(burstLimit !== undefined && { burstLimit }) };
}

/** A map property whose keys are data (route keys, `/path/METHOD`): entries as readers. */
export function mapEntries(r: PropertyReader, name: string): [string, PropertyReader][] {
  const v = r.raw(name);
  if (v === undefined || v === null) return [];
  if (!isTemplateMap(v)) throw r.error(name, `expected a map, got ${describeValue(v)}`);
  return Object.keys(v).map((key) => {
    const item = v[key];
    if (!isTemplateMap(item)) throw r.error(`${name}.${key}`, `expected a map, got ${describeValue(item)}`);
    return [key, r.optObject(name)!.optObject(key)!];
  });
}

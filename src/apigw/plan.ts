// Resolves each traffic client against the API Gateway model once, before any request is simulated:
// which stage and method it reaches, whether its key is accepted (APIGW-6), and which token buckets
// (APIGW-2, -10, -11) and quota (APIGW-8) its requests go through. A client's method and key never change,
// so the simulation loop only sees bucket and quota indices.
import type {
  ApiGatewayModel,
  ApiKey,
  HttpApi,
  HttpApiStage,
  RestApi,
  RestApiMethod,
  RestApiStage,
  ThrottleSettings,
  UsagePlan,
} from '../model/apigateway.js';
import { InputError } from '../model/errors.js';
import { clip } from '../model/printable.js';
import { matchHttpRoute, matchRestMethod } from './routing.js';
import type { Arrivals, Traffic, TrafficClient } from './traffic.js';
import { validateApiGateway } from './validate.js';

/** Throttle levels in the order API Gateway applies them (APIGW-2). */
export const LEVEL_USAGE_PLAN = 0;
export const LEVEL_METHOD = 1;
export const LEVEL_ACCOUNT = 2;
export const LEVEL_NAMES = ['usagePlan', 'method', 'account'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

/** What happened to one request. */
export const OUTCOME_ACCEPTED = 0;
export const OUTCOME_THROTTLED = 1;
export const OUTCOME_QUOTA_EXCEEDED = 2;
export const OUTCOME_FORBIDDEN = 3;
export const OUTCOME_NOT_FOUND = 4;
export const OUTCOMES = 5;
/** A client whose requests go through quota and throttles (no fixed 403/404). */
export const EVALUATE = -1;

/** The account-level bucket is always the first (one per model, shared by every API and stage: APIGW-11). */
const LEVEL_ACCOUNT_BUCKET = 0;

/** APIGW-3: default account-level limits per Region. */
export const DEFAULT_ACCOUNT_RATE = 10_000;
/** APIGW-3: the default account-level burst (requests) per Region. */
export const DEFAULT_ACCOUNT_BURST = 5_000;

export interface SimulationOptions {
  accountRate?: number;
  accountBurst?: number;
  warn?: (message: string) => void;
  /** The template file, for messages about the model. */
  templateFile?: string;
}

export interface LimitSpec {
  level: number;
  /** Names the setting in the user's words, e.g. `UsagePlan 'Gold' key 'KeyA'`. */
  label: string;
  rate: number;
  burst: number;
}

export interface QuotaSpec {
  label: string;
  limit: number;
  offset: number;
  period: 'DAY' | 'WEEK' | 'MONTH';
}

export interface ClientPlan {
  name: string;
  /** What the client calls, e.g. `RestApi 'PetsApi' stage 'prod' GET /pets/{id}`. */
  target: string;
  /** EVALUATE, or OUTCOME_FORBIDDEN / OUTCOME_NOT_FOUND for every request. */
  fixedOutcome: number;
  /** Why every request is refused, when fixedOutcome is not EVALUATE. */
  reason?: string;
  /** Bucket index per level (LEVEL_*), -1 when the level has no limit for this client. */
  buckets: [number, number, number];
  quota: number;
}

export interface SimPlan {
  clients: ClientPlan[];
  arrivals: Arrivals[];
  limits: LimitSpec[];
  quotas: QuotaSpec[];
  startEpochMs: number;
}

interface Account {
  rate: number;
  burst: number;
}

/** Deduplicates buckets and quotas by what they belong to, so clients sharing one share its tokens. */
class LimitTable {
  readonly limits: LimitSpec[] = [];
  readonly quotas: QuotaSpec[] = [];
  private readonly limitIndex = new Map<string, number>();
  private readonly quotaIndex = new Map<string, number>();

  constructor(private readonly account: Account, private readonly warn: (m: string) => void) {
    this.limits.push({ level: LEVEL_ACCOUNT, label: 'account-level limit per Region', ...account });
    this.limitIndex.set('account', 0);
  }

  bucket(key: string, level: number, label: string, specific?: ThrottleSettings, broader?: ThrottleSettings): number {
    const found = this.limitIndex.get(key);
    if (found !== undefined) return found;
    const rate = setting(specific?.rateLimit) ?? setting(broader?.rateLimit);
    const burst = setting(specific?.burstLimit) ?? setting(broader?.burstLimit);
    if (rate === undefined && burst === undefined) return -1;
    // A field set at neither the specific nor the broader setting falls back to the account-level value.
    const spec = { level, label, rate: rate ?? this.account.rate, burst: burst ?? this.account.burst };
    if (spec.rate > this.account.rate || spec.burst > this.account.burst) {
      this.warn(`${label}: throttle (rate ${spec.rate}, burst ${spec.burst}) is above the account-level limit (rate ${this.account.rate}, burst ${this.account.burst}) (APIGW-14)`);
    }
    this.limits.push(spec);
    this.limitIndex.set(key, this.limits.length - 1);
    return this.limits.length - 1;
  }

  quota(plan: UsagePlan, key: ApiKey): number {
    if (!plan.quota) return -1;
    const id = `${plan.id}\u0000${key.id}`;
    const found = this.quotaIndex.get(id);
    if (found !== undefined) return found;
    this.quotas.push({ label: `UsagePlan '${plan.logicalId}' key '${key.logicalId}' quota`, ...plan.quota });
    this.quotaIndex.set(id, this.quotas.length - 1);
    return this.quotas.length - 1;
  }
}

/** Negative throttle values mean "not set" (API Gateway uses -1 for an unset limit). */
function setting(v: number | undefined): number | undefined {
  return v === undefined || v < 0 ? undefined : v;
}

type StageMatch = { kind: 'rest'; api: RestApi; stage: RestApiStage } | { kind: 'http'; api: HttpApi; stage: HttpApiStage };

export function buildPlan(model: ApiGatewayModel, traffic: Traffic, opts: SimulationOptions = {}): SimPlan {
  validateApiGateway(model, opts.templateFile);
  const account = { rate: opts.accountRate ?? DEFAULT_ACCOUNT_RATE, burst: opts.accountBurst ?? DEFAULT_ACCOUNT_BURST };
  const warned = new Set<string>();
  const warn = (m: string) => {
    if (!warned.has(m)) opts.warn?.(m);
    warned.add(m);
  };
  const table = new LimitTable(account, warn);
  const clients = traffic.clients.map((client) => {
    const match = findStage(model, client, traffic.file);
    return match.kind === 'rest' ? planRest(model, client, match.api, match.stage, table) : planHttp(client, match.api, match.stage, table, warn);
  });
  return { clients, arrivals: traffic.clients.map((c) => c.arrivals), limits: table.limits, quotas: table.quotas, startEpochMs: traffic.startEpochMs };
}

function findStage(model: ApiGatewayModel, client: TrafficClient, file: string): StageMatch {
  const wanted = (api: { id: string; logicalId: string }) => client.api === undefined || client.api === api.logicalId || client.api === api.id;
  const found: StageMatch[] = [];
  for (const api of model.restApis) {
    if (!wanted(api)) continue;
    for (const stage of api.stages) if (stage.stageName === client.stage) found.push({ kind: 'rest', api, stage });
  }
  for (const api of model.httpApis) {
    if (!wanted(api)) continue;
    for (const stage of api.stages) if (stage.stageName === client.stage) found.push({ kind: 'http', api, stage });
  }
  const where = { file, resourceType: 'client', logicalId: client.name };
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    const apis = found.map((f) => f.api.logicalId).join(', ');
    throw new InputError(`stage '${clip(client.stage)}' is in several APIs (${apis}); say which with \`api:\``, { ...where, field: 'api' });
  }
  if (client.api !== undefined && ![...model.restApis, ...model.httpApis].some(wanted)) {
    throw new InputError(`unknown API '${clip(client.api)}'`, { ...where, field: 'api' });
  }
  const known = [...model.restApis, ...model.httpApis].filter(wanted).flatMap((a) => a.stages.map((s) => s.stageName));
  const list = known.length > 0 ? ` (stages: ${[...new Set(known)].join(', ')})` : ' (the template has no API Gateway stages)';
  throw new InputError(`unknown stage '${clip(client.stage)}'${list}`, { ...where, field: 'stage' });
}

function planRest(model: ApiGatewayModel, client: TrafficClient, api: RestApi, stage: RestApiStage, table: LimitTable): ClientPlan {
  const where = `RestApi '${api.logicalId}' stage '${stage.stageName}'`;
  const method = matchRestMethod(api, client.method, client.path);
  const base = { name: client.name, buckets: [-1, -1, LEVEL_ACCOUNT_BUCKET] as [number, number, number], quota: -1 };
  if (!method) {
    // REST APIs answer an unknown resource or method with 403 "Missing Authentication Token" (docs/semantics.md).
    return {
      ...base,
      target: `${where} ${client.method} ${client.path}`,
      fixedOutcome: OUTCOME_NOT_FOUND,
      reason: `403 Missing Authentication Token: no method for ${client.method} ${client.path}`,
    };
  }
  const target = `${where} ${method.httpMethod} ${method.resourcePath}`;
  base.buckets[LEVEL_METHOD] = stageMethodBucket(api, stage, method, table);
  // APIGW-4: usage-plan limits and quotas apply only to methods that require an API key.
  if (!method.apiKeyRequired) return { ...base, target, fixedOutcome: EVALUATE };
  const refused = (reason: string): ClientPlan => ({ ...base, target, fixedOutcome: OUTCOME_FORBIDDEN, reason: `403 Forbidden: ${reason} (APIGW-6)` });
  if (client.apiKey === undefined) return refused('no API key sent to a method with ApiKeyRequired');
  const key = model.apiKeys.find((k) => k.logicalId === client.apiKey) ?? model.apiKeys.find((k) => k.value === client.apiKey);
  if (!key) return refused(`API key '${client.apiKey}' is not a key of the account`);
  if (!key.enabled) return refused(`API key '${key.logicalId}' is disabled`);
  const plan = model.usagePlans.find((p) => p.apiKeyIds.includes(key.id) && p.apiStages.some((s) => s.restApiId === api.id && s.stageName === stage.stageName));
  if (!plan) return refused(`API key '${key.logicalId}' is in no usage plan for ${where}`);
  base.quota = table.quota(plan, key);
  base.buckets[LEVEL_USAGE_PLAN] = usagePlanBucket(plan, key, api, stage, method, table);
  return { ...base, target, fixedOutcome: EVALUATE };
}

/** APIGW-11: one bucket per (stage, method), from the method's own setting or else the stage's `/*` `*`. */
function stageMethodBucket(api: RestApi, stage: RestApiStage, method: RestApiMethod, table: LimitTable): number {
  const own = stage.methodSettings.find((s) => s.resourcePath === method.resourcePath && s.httpMethod === method.httpMethod);
  const all = stage.methodSettings.find((s) => s.resourcePath === '/*' && s.httpMethod === '*');
  const key = `stage\u0000${api.id}\u0000${stage.stageName}\u0000${method.resourcePath}\u0000${method.httpMethod}`;
  const label = `Stage '${stage.stageName}' of RestApi '${api.logicalId}' ${method.httpMethod} ${method.resourcePath}`;
  return table.bucket(key, LEVEL_METHOD, label, own, all);
}

/** APIGW-10: a per-method throttle in the plan gives each key its own bucket for that method; else one plan bucket per key. */
function usagePlanBucket(plan: UsagePlan, key: ApiKey, api: RestApi, stage: RestApiStage, method: RestApiMethod, table: LimitTable): number {
  const apiStage = plan.apiStages.find((s) => s.restApiId === api.id && s.stageName === stage.stageName);
  // CloudFormation keys per-method throttles as `/path/METHOD` (the root is `//GET`).
  const methodKey = `${method.resourcePath}/${method.httpMethod}`;
  const perMethod = apiStage?.throttle.get(methodKey);
  const planLabel = `UsagePlan '${plan.logicalId}' key '${key.logicalId}'`;
  if (perMethod && (setting(perMethod.rateLimit) !== undefined || setting(perMethod.burstLimit) !== undefined)) {
    const id = `plan\u0000${plan.id}\u0000${key.id}\u0000${api.id}\u0000${stage.stageName}\u0000${methodKey}`;
    return table.bucket(id, LEVEL_USAGE_PLAN, `${planLabel} ${methodKey} on stage '${stage.stageName}'`, perMethod, plan.throttle);
  }
  return table.bucket(`plan\u0000${plan.id}\u0000${key.id}`, LEVEL_USAGE_PLAN, planLabel, plan.throttle);
}

function planHttp(client: TrafficClient, api: HttpApi, stage: HttpApiStage, table: LimitTable, warn: (m: string) => void): ClientPlan {
  const where = `HttpApi '${api.logicalId}' stage '${stage.stageName}'`;
  const base = { name: client.name, buckets: [-1, -1, LEVEL_ACCOUNT_BUCKET] as [number, number, number], quota: -1 };
  if (client.apiKey !== undefined) warn(`client '${client.name}': HTTP APIs have no API keys or usage plans; apiKey is ignored`);
  const route = matchHttpRoute(api, client.method, client.path);
  if (!route) {
    return { ...base, target: `${where} ${client.method} ${client.path}`, fixedOutcome: OUTCOME_NOT_FOUND, reason: `404 Not Found: no route for ${client.method} ${client.path}` };
  }
  // Route settings override the stage's default route settings (API Gateway "Throttling requests to your HTTP API").
  const id = `route\u0000${api.id}\u0000${stage.stageName}\u0000${route.routeKey}`;
  base.buckets[LEVEL_METHOD] = table.bucket(id, LEVEL_METHOD, `${where} route '${route.routeKey}'`, stage.routeSettings.get(route.routeKey), stage.defaultRouteSettings);
  return { ...base, target: `${where} route '${route.routeKey}'`, fixedOutcome: EVALUATE };
}

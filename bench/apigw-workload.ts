// A mixed API Gateway workload: REST and HTTP APIs, keys in two usage plans (plan, per-method and
// stage throttles, quotas), key-less and refused clients, and burst / constant / Poisson arrivals.
// `scale` 1 gives about one million requests.
import type { ApiGatewayModel, ApiKey, RestApi } from '../src/model/apigateway.js';
import { physicalId } from '../src/model/ids.js';
import type { Traffic, TrafficClient } from '../src/apigw/traffic.js';

export function mixedWorkload(scale = 1): { model: ApiGatewayModel; traffic: Traffic } {
  const key = (logicalId: string, enabled = true): ApiKey => ({ id: physicalId('apikey', logicalId), logicalId, value: `${logicalId}-0123456789abcdefghij`, enabled });
  const keys = [key('GoldA'), key('GoldB'), key('FreeA'), key('Disabled', false)];
  const pets: RestApi = {
    id: physicalId('restapi', 'PetsApi'),
    logicalId: 'PetsApi',
    methods: [
      { resourcePath: '/pets', httpMethod: 'GET', apiKeyRequired: true },
      { resourcePath: '/pets', httpMethod: 'POST', apiKeyRequired: true },
      { resourcePath: '/pets/{id}', httpMethod: 'GET', apiKeyRequired: true },
      { resourcePath: '/health', httpMethod: 'GET', apiKeyRequired: false },
    ],
    stages: [
      {
        id: 'prod',
        logicalId: 'ProdStage',
        stageName: 'prod',
        methodSettings: [
          { resourcePath: '/*', httpMethod: '*', rateLimit: 4000, burstLimit: 2000 },
          { resourcePath: '/pets', httpMethod: 'POST', rateLimit: 200, burstLimit: 100 },
        ],
      },
    ],
  };
  const model: ApiGatewayModel = {
    restApis: [pets],
    httpApis: [
      {
        id: physicalId('httpapi', 'Events'),
        logicalId: 'Events',
        routes: [{ routeKey: 'POST /events' }, { routeKey: '$default' }],
        stages: [{ id: 'live', logicalId: 'LiveStage', stageName: 'live', defaultRouteSettings: { rateLimit: 5000, burstLimit: 2500 }, routeSettings: new Map([['POST /events', { rateLimit: 1500, burstLimit: 500 }]]) }],
      },
    ],
    usagePlans: [
      {
        id: physicalId('usageplan', 'Gold'),
        logicalId: 'Gold',
        apiStages: [{ restApiId: pets.id, stageName: 'prod', throttle: new Map([['/pets/{id}/GET', { rateLimit: 800, burstLimit: 400 }]]) }],
        throttle: { rateLimit: 1000, burstLimit: 500 },
        quota: { limit: 5_000_000, period: 'DAY', offset: 0 },
        apiKeyIds: [keys[0]!.id, keys[1]!.id],
      },
      {
        id: physicalId('usageplan', 'Free'),
        logicalId: 'Free',
        apiStages: [{ restApiId: pets.id, stageName: 'prod', throttle: new Map() }],
        throttle: { rateLimit: 50, burstLimit: 20 },
        quota: { limit: 20_000, period: 'DAY', offset: 0 },
        apiKeyIds: [keys[2]!.id, keys[3]!.id],
      },
    ],
    apiKeys: keys,
  };
  const end = 100;
  const r = (perSecond: number) => perSecond * scale;
  const c = (name: string, stage: string, request: string, arrivals: TrafficClient['arrivals'], apiKey?: string): TrafficClient => {
    const [method, path] = request.split(' ') as [string, string];
    return { name, stage, method, path, arrivals, ...(apiKey !== undefined && { apiKey }) };
  };
  const clients: TrafficClient[] = [
    c('gold-a-list', 'prod', 'GET /pets', { type: 'constant', rate: r(1500), start: 0, end }, 'GoldA'),
    c('gold-b-item', 'prod', 'GET /pets/7', { type: 'poisson', rate: r(1200), start: 0, end, seed: 11 }, 'GoldB'),
    c('gold-a-create', 'prod', 'POST /pets', { type: 'poisson', rate: r(400), start: 0, end, seed: 12 }, 'GoldA'),
    c('free-a', 'prod', 'GET /pets', { type: 'constant', rate: r(300), start: 0, end }, 'FreeA'),
    c('disabled', 'prod', 'GET /pets', { type: 'poisson', rate: r(300), start: 0, end, seed: 13 }, 'Disabled'),
    c('anonymous', 'prod', 'GET /pets', { type: 'constant', rate: r(200), start: 0, end }),
    c('health', 'prod', 'GET /health', { type: 'poisson', rate: r(2500), start: 0, end, seed: 14 }),
    c('typo', 'prod', 'GET /pest', { type: 'constant', rate: r(100), start: 0, end }),
    c('events', 'live', 'POST /events', { type: 'poisson', rate: r(2500), start: 0, end, seed: 15 }),
    c('events-other', 'live', 'GET /status', { type: 'constant', rate: r(1000), start: 0, end }),
    c('spike', 'prod', 'GET /health', { type: 'burst', at: 50, count: Math.round(r(20_000)) }),
  ];
  return { model, traffic: { file: 'bench', startEpochMs: Date.parse('2025-01-01T00:00:00Z'), clients } };
}

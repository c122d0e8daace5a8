// Mappers for usage plans, API keys and their association (AWS::ApiGateway::UsagePlan, ApiKey, UsagePlanKey).
import { physicalId } from '../../model/ids.js';
import type { ThrottleSettings } from '../../model/apigateway.js';
import { mapEntries, throttleOf, type MapperInput } from './draft.js';

export function mapUsagePlan(m: MapperInput): void {
  const apiStages = m.props.objects('ApiStages').map((s) => {
    const throttle = new Map<string, ThrottleSettings>();
    for (const [methodKey, t] of mapEntries(s, 'Throttle')) {
      if (!/^\/.*\/[A-Za-z*]+$/.test(methodKey)) throw s.error(`Throttle.${methodKey}`, 'expected a key like /pets/GET (resource path, then HTTP method)');
      const settings = throttleOf(t, 'RateLimit', 'BurstLimit');
      if (settings) throttle.set(methodKey, settings);
    }
    return { restApiId: s.string('ApiId'), stageName: s.string('Stage'), throttle };
  });
  const throttle = throttleOf(m.props.optObject('Throttle'), 'RateLimit', 'BurstLimit');
  const q = m.props.optObject('Quota');
  const quota = q && {
    limit: q.int('Limit'),
    period: q.oneOf('Period', ['DAY', 'WEEK', 'MONTH'] as const),
    offset: q.int('Offset', 0),
  };
  if (quota && (quota.limit < 0 || quota.offset < 0)) throw m.error('Quota', 'Limit and Offset must not be negative');
  if (quota && quota.offset >= quota.limit && quota.limit > 0) throw m.error('Quota.Offset', `must be less than Limit (${quota.limit})`);
  m.draft.usagePlans.push({
    id: m.id,
    logicalId: m.logicalId,
    apiStages,
    apiKeyIds: [],
    ...(throttle && { throttle }),
    ...(quota && { quota }),
  });
}

export function mapApiKey(m: MapperInput): void {
  if (m.props.list('StageKeys').length > 0) m.warn('StageKeys (the pre-usage-plan association) is ignored; associate keys with UsagePlanKey');
  // CloudFormation's default for Enabled is false: a key without it cannot be used.
  if (!m.props.has('Enabled')) m.warn('Enabled is not set; CloudFormation creates the key disabled (default false)');
  const value = m.props.optString('Value') ?? generatedKeyValue(m.logicalId, m.stackName);
  m.draft.apiKeys.push({ id: m.id, logicalId: m.logicalId, value, enabled: m.props.bool('Enabled', false) });
}

/** API Gateway generates a 40-character value when none is given; ours is derived from the logical id. */
function generatedKeyValue(logicalId: string, stackName: string): string {
  const hex = ['a', 'b', 'c'].map((salt) => physicalId(salt, logicalId, stackName).slice(-16)).join('');
  return hex.slice(0, 40);
}

export function mapUsagePlanKey(m: MapperInput): void {
  const keyType = m.props.oneOf('KeyType', ['API_KEY'] as const);
  void keyType;
  m.draft.usagePlanKeys.push({ logicalId: m.logicalId, keyId: m.props.string('KeyId'), usagePlanId: m.props.string('UsagePlanId') });
}

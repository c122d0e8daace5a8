// Checks of the API Gateway model that AWS itself makes when the configuration is created.
import type { ApiGatewayModel } from '../model/apigateway.js';
import { InputError } from '../model/errors.js';

/** APIGW-5: an API key is associated with at most one usage plan per API stage. */
export function validateApiGateway(model: ApiGatewayModel, file?: string): void {
  checkUniqueKeyValues(model, file);
  for (const key of model.apiKeys) {
    const seen = new Map<string, string>();
    for (const plan of model.usagePlans) {
      if (!plan.apiKeyIds.includes(key.id)) continue;
      for (const s of plan.apiStages) {
        const stage = `${s.restApiId}/${s.stageName}`;
        const other = seen.get(stage);
        if (other !== undefined && other !== plan.logicalId) {
          throw new InputError(
            `is in usage plans '${other}' and '${plan.logicalId}' for the same stage '${s.stageName}' (APIGW-5: at most one usage plan per stage)`,
            { ...(file && { file }), resourceType: 'ApiKey', logicalId: key.logicalId, field: 'UsagePlanKey' },
          );
        }
        seen.set(stage, plan.logicalId);
      }
    }
  }
}

/**
 * "Set up API keys for REST APIs in API Gateway": API key values must be unique; two keys with the
 * same value are one key to API Gateway. The value is a secret and is not printed.
 */
function checkUniqueKeyValues(model: ApiGatewayModel, file?: string): void {
  const byValue = new Map<string, string>();
  for (const key of model.apiKeys) {
    const other = byValue.get(key.value);
    if (other !== undefined) {
      throw new InputError(`Value: API key '${other}' has the same value; API key values must be unique`, {
        ...(file && { file }),
        resourceType: 'ApiKey',
        logicalId: key.logicalId,
        field: 'Value',
      });
    }
    byValue.set(key.value, key.logicalId);
  }
}

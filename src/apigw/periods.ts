// Usage-plan quota periods on the UTC calendar (APIGW-9): DAY from 00:00, WEEK from Sunday 00:00,
// MONTH from the 1st at 00:00.
import type { UsagePlanQuota } from '../model/apigateway.js';

const DAY_MS = 86_400_000;

/** Epoch ms of the first period boundary strictly after `epochMs`. */
export function nextPeriodStart(period: UsagePlanQuota['period'], epochMs: number): number {
  const d = new Date(epochMs);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (period) {
    case 'DAY':
      return midnight + DAY_MS;
    case 'WEEK':
      // getUTCDay: 0 = Sunday.
      return midnight + (7 - d.getUTCDay()) * DAY_MS;
    case 'MONTH':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
}

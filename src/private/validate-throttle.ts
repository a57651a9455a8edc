import { Annotations, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from '../aws-limits';
import { ThrottleSettings } from '../throttle-settings';

// The checks of `throttle` and `routeThrottles`.

export function validateThrottle(scope: Construct, throttle: ThrottleSettings, prop: string): void {
  const { rateLimit, burstLimit } = throttle;
  if (!Token.isUnresolved(rateLimit) && !(typeof rateLimit === 'number' && rateLimit > 0)) {
    throw new Error(`${prop}.rateLimit ${rateLimit}: must be more than 0 requests per second (0 would answer every request 429)`);
  }
  if (!Token.isUnresolved(burstLimit) && !(Number.isInteger(burstLimit) && burstLimit >= 1)) {
    throw new Error(`${prop}.burstLimit ${burstLimit}: must be a whole number of requests, at least 1 (0 would answer every request 429)`);
  }
  if (rateLimit > ACCOUNT_RATE_LIMIT || burstLimit > ACCOUNT_BURST_LIMIT) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:throttle',
      `${prop} ${rateLimit}/s burst ${burstLimit}: above the account's limits (${ACCOUNT_RATE_LIMIT}/s, burst ${ACCOUNT_BURST_LIMIT}), which apply first unless raised`);
  }
}

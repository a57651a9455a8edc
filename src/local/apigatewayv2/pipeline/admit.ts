import { GatewayAnswer, TOO_MANY_REQUESTS } from '../error-responses';
import { StoredStage } from '../http-api-model';
import { TokenBucket } from '../throttle';

/**
 * Step 3, admit: the route's throttle (its route settings, else the stage's defaults) takes one
 * token from the route's bucket; an empty bucket answers 429. Unthrottled routes pass.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export function admit(stage: StoredStage, routeKey: string): void {
  const limits = stage.routeLimits.get(routeKey) ?? stage.defaultLimits;
  if (!limits) {
    return;
  }
  let bucket = stage.buckets.get(routeKey);
  if (!bucket) {
    bucket = new TokenBucket(limits);
    stage.buckets.set(routeKey, bucket);
  }
  if (!bucket.take()) {
    throw new GatewayAnswer(TOO_MANY_REQUESTS);
  }
}

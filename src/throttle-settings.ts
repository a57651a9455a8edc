/**
 * Throttling of the API's `$default` stage: a token bucket API Gateway applies to every route.
 *
 * Both limits are required and must be positive: a limit of 0, or one of the pair left out, would
 * make API Gateway answer every request 429.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export interface ThrottleSettings {
  /**
   * Steady-state requests per second (more than 0, at most the account's 10,000).
   */
  readonly rateLimit: number;

  /**
   * Requests allowed in a burst above the rate (a whole number from 1 to the account's 5,000).
   */
  readonly burstLimit: number;
}

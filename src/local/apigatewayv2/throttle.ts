import { ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT } from '../../aws-limits';

/**
 * Stage and route throttling: a token bucket per route, refilled at the rate limit up to the
 * burst limit. A limit of 0 throttles every request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */


export interface ThrottleLimits {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly limits: ThrottleLimits, private readonly now: () => number = () => Date.now()) {
    this.tokens = limits.burstLimit;
    this.last = now();
  }

  /** Takes one token; `false` means the request is throttled (429). */
  public take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.limits.burstLimit, this.tokens + ((now - this.last) / 1000) * this.limits.rateLimit);
    this.last = now;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}

/**
 * The limits of a `RouteSettings` / `DefaultRouteSettings` block, or `undefined` when it sets none.
 * A block that sets only one of the pair keeps the account limit for the other (unconfirmed for CloudFormation).
 */
export function throttleLimits(settings: Record<string, unknown> | undefined): ThrottleLimits | undefined {
  const rate = settings?.ThrottlingRateLimit;
  const burst = settings?.ThrottlingBurstLimit;
  if (rate === undefined && burst === undefined) {
    return undefined;
  }
  return {
    rateLimit: rate === undefined ? ACCOUNT_RATE_LIMIT : Number(rate),
    burstLimit: burst === undefined ? ACCOUNT_BURST_LIMIT : Number(burst),
  };
}

import { Construct } from 'constructs';

/**
 * The context key that fixes the day runtimes are checked against (`YYYY-MM-DD`, UTC), so a
 * synthesis can be repeated as of a given day (tests, reproducible builds). Without it: today.
 */
export const SYNTHESIS_DATE_CONTEXT = 'cdk-graviton-http-lambda-api:synthesisDate';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The day of synthesis as `YYYY-MM-DD`: the context value when set, else today (UTC). */
export function synthesisDate(scope: Construct): string {
  const given: unknown = scope.node.tryGetContext(SYNTHESIS_DATE_CONTEXT);
  if (given === undefined) return new Date().toISOString().slice(0, 10);
  if (typeof given !== 'string' || !ISO_DATE.test(given) || new Date(`${given}T00:00:00Z`).toISOString().slice(0, 10) !== given) {
    throw new Error(`context ${SYNTHESIS_DATE_CONTEXT} "${String(given)}": must be a date as YYYY-MM-DD, e.g. 2026-12-02`);
  }
  return given;
}

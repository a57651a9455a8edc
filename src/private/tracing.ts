import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppression } from './nag-suppressions';

// X-Ray tracing of the function: its mode, and the permission the execution role then needs.

// https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
const TRACING_MODES = new Set<string>(Object.values(lambda.Tracing));

export function validateTracing(tracing: lambda.Tracing | undefined): void {
  if (tracing !== undefined && !TRACING_MODES.has(tracing)) {
    throw new Error(`tracing "${tracing}": must be one of lambda.Tracing (${[...TRACING_MODES].join(', ')})`);
  }
}

/** Whether Lambda sends trace segments for the function (ACTIVE, or PASS_THROUGH of a sampled request). */
export function sendsTraces(tracing: lambda.Tracing | undefined): tracing is lambda.Tracing {
  return tracing !== undefined && tracing !== lambda.Tracing.DISABLED;
}

/**
 * The execution role's inline policy for sending traces: the two actions Lambda uses, on `*`
 * because X-Ray has no resource-level permissions for them.
 * https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html
 */
export function writeTracesPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    })],
  });
}

export const WRITE_TRACES_NAG_SUPPRESSION: NagSuppression = {
  id: 'AwsSolutions-IAM5',
  appliesTo: ['Resource::*'],
  reason: 'X-Ray has no resource-level permissions for xray:PutTraceSegments and xray:PutTelemetryRecords, so tracing needs Resource "*"; no other action is granted on it.',
};

/**
 * Sets the function's tracing mode. Set on the CloudFormation resource rather than through
 * `lambda.Function`'s `tracing`, which would add the same actions again in a separate
 * `AWS::IAM::Policy` resource.
 */
export function setTracingMode(fn: lambda.Function, tracing: lambda.Tracing): void {
  (fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: tracing };
}

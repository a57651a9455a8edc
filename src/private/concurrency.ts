import { Annotations, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';

// The function's concurrency: reserved on the function, provisioned on the alias.

type ConcurrencyProps = Pick<GravitonHttpLambdaApiProps, 'reservedConcurrentExecutions' | 'provisionedConcurrentExecutions'>;

export function validateConcurrency(scope: Construct, props: ConcurrencyProps): void {
  const { reservedConcurrentExecutions: reserved, provisionedConcurrentExecutions: provisioned } = props;
  const reservedKnown = reserved !== undefined && !Token.isUnresolved(reserved);
  const provisionedKnown = provisioned !== undefined && !Token.isUnresolved(provisioned);
  if (reservedKnown && (!Number.isInteger(reserved) || reserved < 0)) {
    throw new Error(`reservedConcurrentExecutions ${reserved}: must be a whole number of executions, at least 0`);
  }
  if (provisionedKnown && (!Number.isInteger(provisioned) || provisioned < 1)) {
    throw new Error(`provisionedConcurrentExecutions ${provisioned}: must be a whole number of environments, at least 1 (leave it out for none)`);
  }
  // https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
  if (reservedKnown && provisionedKnown && provisioned > reserved) {
    throw new Error(`provisionedConcurrentExecutions ${provisioned}: more than reservedConcurrentExecutions ${reserved}, which caps the function; Lambda refuses it`);
  }
  if (reservedKnown && reserved === 0) {
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:reservedConcurrency',
      'reservedConcurrentExecutions 0: Lambda throttles every invocation, so the API answers every request 500');
  }
}

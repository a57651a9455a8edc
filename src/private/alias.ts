import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';

// The version published on every deployment and the alias that points to it (what the integration targets).

type AliasProps = Pick<GravitonHttpLambdaApiProps, 'function' | 'alias' | 'deploymentConfig' | 'provisionedConcurrentExecutions'>;

/** The alias name when none is given but a prop needs one. */
const DEFAULT_ALIAS_NAME = 'live';

// https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html (Name: 1 to 128, not only digits, which name versions)
const ALIAS_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

// The props that need a version and an alias, in the order their errors name them.
const ALIAS_PROPS = ['alias', 'deploymentConfig', 'provisionedConcurrentExecutions'] as const;

/** The published version and the alias pointing to it. */
export interface ApiAlias {
  readonly alias: lambda.Alias;
  readonly version: lambda.IVersion;
}

/** `alias`, else `live` when `deploymentConfig` or `provisionedConcurrentExecutions` needs one, else none. */
export function aliasNameOf(props: AliasProps): string | undefined {
  const needed = props.deploymentConfig !== undefined || props.provisionedConcurrentExecutions !== undefined;
  return props.alias ?? (needed ? DEFAULT_ALIAS_NAME : undefined);
}

export function validateAlias(props: AliasProps, aliasName: string | undefined): void {
  if (aliasName === undefined) {
    return;
  }
  if (!Token.isUnresolved(aliasName) && (!ALIAS_NAME.test(aliasName) || /^[0-9]+$/.test(aliasName))) {
    throw new Error(`alias "${aliasName}": must be 1 to 128 letters, digits, "-" or "_", and not only digits (those name versions), e.g. "live"`);
  }
  // Only a function defined in this app can publish a new version whenever its code or configuration changes.
  if (props.function && !(props.function instanceof lambda.Function)) {
    const given = ALIAS_PROPS.filter((prop) => props[prop] !== undefined);
    throw new Error(`${given.join(', ')}: ${given.length > 1 ? 'need' : 'needs'} a version published on every deployment, which only a lambda.Function of this app has (currentVersion), not the function given; give code and handler or a lambda.Function, or pass your own lambda.Alias as function without ${given.length > 1 ? 'them' : 'it'}`);
  }
}

/** The function's current version (a new one whenever its code or configuration changes) and the alias on it. */
export function createAlias(scope: Construct, fn: lambda.Function, aliasName: string, provisionedConcurrentExecutions: number | undefined): ApiAlias {
  const version = fn.currentVersion;
  const alias = new lambda.Alias(scope, 'Alias', {
    aliasName,
    version,
    provisionedConcurrentExecutions,
    description: 'The version the HTTP API invokes',
  });
  return { alias, version };
}

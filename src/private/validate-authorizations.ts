import { Token } from 'aws-cdk-lib';
import { AUTHORIZER_CACHE_MAX_SECONDS } from '../aws-limits';
import { RouteAuthorization } from '../route-authorization';
import { AuthorizerDefinition, authorizerDefinition } from './authorizer-definition';

// The checks of `routeAuthorizations` and `defaultAuthorization`.

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html#http-api-lambda-authorizer.identity-sources
const IDENTITY_SOURCE = /^\$(request\.header\.|request\.querystring\.|context\.|stageVariables\.)[^\s]+$/;

/** Checks each authorizer once and returns them in order of first use; names must be unique. */
export function validateAuthorizations(authorizations: RouteAuthorization[]): AuthorizerDefinition[] {
  const byName = new Map<string, AuthorizerDefinition>();
  for (const authorization of authorizations) {
    if (!(authorization instanceof RouteAuthorization)) {
      throw new Error('authorization: must be made with RouteAuthorization.none(), iam(), jwt({...}) or lambdaAuthorizer({...})');
    }
    const definition = authorizerDefinition(authorization);
    if (!definition || byName.get(definition.name) === definition) {
      continue;
    }
    const where = `authorization "${definition.name}"`;
    if (byName.has(definition.name)) {
      throw new Error(`${where}: two different authorizers are named "${definition.name}"; give each its own authorizerName`);
    }
    if (!Token.isUnresolved(definition.name) && !/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$/.test(definition.name)) {
      throw new Error(`${where}: authorizerName must be 1 to 128 letters, digits, spaces, "_", "." or "-"`);
    }
    for (const source of definition.identitySource) {
      if (!Token.isUnresolved(source) && !IDENTITY_SOURCE.test(source)) {
        throw new Error(`${where}: identitySource "${source}" must be $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>`);
      }
    }
    if (definition.jwt) {
      const { issuer, audience } = definition.jwt;
      if (!Token.isUnresolved(issuer) && !/^https:\/\/[^\s]+$/.test(issuer)) {
        throw new Error(`${where}: issuer "${issuer}" must be an https:// URL`);
      }
      if (audience.length === 0) {
        throw new Error(`${where}: audience must list at least one audience (client id)`);
      }
      const [source, ...more] = definition.identitySource;
      if (more.length > 0 || source === undefined) {
        throw new Error(`${where}: identitySource must be exactly one source for a JWT authorizer, got ${definition.identitySource.length}`);
      }
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
      if (!Token.isUnresolved(source) && !/^\$request\.(header|querystring)\./.test(source)) {
        throw new Error(`${where}: identitySource "${source}" must be a header ($request.header.<name>) or query string ($request.querystring.<name>) for a JWT authorizer`);
      }
    }
    if (definition.lambda) {
      const ttl = definition.lambda.resultsCacheTtl;
      if (!ttl.isUnresolved()) {
        const seconds = ttl.toSeconds({ integral: false });
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > AUTHORIZER_CACHE_MAX_SECONDS) {
          throw new Error(`${where}: resultsCacheTtl ${ttl.toHumanString()} must be a whole number of seconds from 0 to ${AUTHORIZER_CACHE_MAX_SECONDS}`);
        }
        if (seconds > 0 && definition.identitySource.length === 0) {
          throw new Error(`${where}: identitySource must name at least one source while caching is on (it is the cache key); give one or set resultsCacheTtl to Duration.seconds(0)`);
        }
      }
    }
    byName.set(definition.name, definition);
  }
  return [...byName.values()];
}

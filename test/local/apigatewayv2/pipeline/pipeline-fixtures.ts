import * as http from 'http';
import { AddressInfo } from 'net';
import { StoredApi, StoredStage } from '../../../../src/local/apigatewayv2/http-api-model';
import { RouteTable } from '../../../../src/local/apigatewayv2/route-matcher';

/** A stage as the Stage provider stores it: deployed, no throttle, no access log, unless overridden. */
export function storedStage(stageName: string, overrides: Partial<StoredStage> = {}): StoredStage {
  return { stageName, deployed: true, stageVariables: {}, routeLimits: new Map(), buckets: new Map(), ...overrides };
}

/**
 * An API as the providers store it (in eu-west-1 of account 111122223333), with these stages and routes (every route targets the
 * integration `int1`, unless `untargeted` names it). Its server is never started: the steps
 * under test do not use it.
 */
export function storedApi(options: {
  stages?: StoredStage[];
  routeKeys?: string[];
  untargeted?: string[];
  overrides?: Partial<StoredApi>;
} = {}): StoredApi {
  const routeKeys = options.routeKeys ?? ['GET /'];
  return {
    apiId: 'a1b2c3d4e5',
    location: { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', urlSuffix: 'amazonaws.com' },
    displayName: 'Stack/HttpApi',
    name: 'HttpApi',
    server: http.createServer(),
    endpoint: 'http://127.0.0.1:1',
    disableExecuteApiEndpoint: false,
    stages: new Map((options.stages ?? [storedStage('$default')]).map((stage) => [stage.stageName, stage])),
    integrations: new Map(),
    routes: new Map(routeKeys.map((routeKey, i) => [routeKey, {
      routeId: `r${i}`,
      routeKey,
      integrationId: options.untargeted?.includes(routeKey) ? undefined : 'int1',
      authorization: { authorizationType: 'NONE', authorizationScopes: [] },
    }])),
    routeTable: new RouteTable(routeKeys),
    authorizers: new Map(),
    ...options.overrides,
  };
}

/**
 * Serves each request with `handle` on 127.0.0.1 (a free port) for the duration of `run`, then
 * stops the server.
 */
export async function withServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  run: (port: number) => Promise<void>,
): Promise<void> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

import * as path from 'path';
import { KnownCredential } from './apigatewayv2/authorization/iam-credentials';
import { JwtKeyStore } from './apigatewayv2/authorization/jwt-keys';
import { HttpApiService } from './apigatewayv2/http-api-service';
import { KeptServers } from './apigatewayv2/kept-servers';
import { managementApiEndpoint } from './apigatewayv2/management-api';
import { StackEnvironment } from './cloudformation/cloud-assembly';
import { CustomResourceProvider } from './cloudformation/custom-resource-provider';
import { createDeployEnvironment } from './cloudformation/deploy-environment';
import { DeployedNestedStack, NESTED_STACK_TYPE, NestedStackProvider } from './cloudformation/nested-stack-provider';
import { CUSTOM_RESOURCE_TYPE, ProviderRegistry } from './cloudformation/provider-registry';
import { DeployEnvironment } from './cloudformation/resource-provider';
import { DeployedStack, deployStack, teardownStack } from './cloudformation/stack-deployer';
import { readTemplateSource } from './cloudformation/template-source';
import { DynamoDbEngine } from './dynamodb/dynamodb-engine';
import { TableProvider } from './dynamodb/table-provider';
import { iamApiEndpoint } from './iam/iam-api';
import { IamService } from './iam/iam-service';
import { evaluate } from './iam/policy-evaluation';
import { LambdaService } from './lambda/lambda-service';
import { RUNTIME_CLIENTS_DIR } from './lambda/runtimes';
import { LogGroupProvider } from './logs/log-group-provider';
import { LogStore } from './logs/log-store';
import { logsApiEndpoint } from './logs/logs-api';
import { PlaceholderProvider, PlaceholderRecord } from './placeholders/placeholder-provider';
import { ServiceEndpoint } from './service-endpoint';
import { StepFunctionsService } from './stepfunctions/step-functions-service';
import { stsApiEndpoint } from './sts/sts-api';

// The node_modules folder that holds the AWS SDK clients this package ships.
const SDK_NODE_PATH = path.resolve(require.resolve('@aws-sdk/client-lambda/package.json'), '..', '..', '..');

export interface LocalCloudOptions {
  /** The interface the HTTP APIs and the Lambda Invoke API bind. @default '127.0.0.1' */
  readonly host?: string;
  /** The port of the first HTTP API. @default 0 (any free port) */
  readonly port?: number;
  /** Values for template parameters, by name. */
  readonly parameters?: Record<string, string>;
  /** Receives every log line (functions, API Gateway, IAM). @default process.stderr */
  readonly log?: (line: string) => void;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /**
   * The account's Lambda concurrency: the most function invocations in progress at once. Beyond
   * it Lambda throttles, and API Gateway answers 500.
   * @default 1000
   */
  readonly concurrencyLimit?: number;
  /**
   * The most function processes at once, across all functions; invocations beyond them wait.
   * @default - twice the cores, at least 2
   */
  readonly workerLimit?: number;
  /**
   * Names of variables of this process's environment to copy into every function's (they win
   * over the template's). Nothing else of the user's environment reaches functions.
   * @default - none
   */
  readonly passEnvironment?: readonly string[];
  /**
   * The jar of the Java runtime interface client, its dependencies beside it.
   * @default - fetched from Maven Central into the user's cache on first use
   */
  readonly javaRic?: string;
  /** Node.js functions run under the inspector (`--inspect`); see LambdaServiceOptions. @default - no inspector */
  readonly inspectPort?: number;
  /** Python functions run under debugpy (`--debug-python`); see LambdaServiceOptions. @default - no debugger */
  readonly debugPythonPort?: number;
  /**
   * API servers kept from an earlier deployment (`serve --watch`): each API of the same
   * `<StackName>/<LogicalId>` keeps its URL, and this cloud answers on them only after `attach()`.
   * @default - each API gets a server of its own, answering at once
   */
  readonly keptServers?: KeptServers;
  /**
   * The signing keys of JWT issuers (`--jwks`): issuer → a file holding a JWKS, or a URL serving
   * one. An issuer not named here is asked for its OpenID discovery document.
   * @default - every issuer's discovery document
   */
  readonly jwks?: Readonly<Record<string, string>>;
  /**
   * `--jwt-unverified`: JWT authorizers check claims only, not signatures.
   * @default false
   */
  readonly jwtUnverified?: boolean;
  /**
   * The access keys whose SigV4 signatures AWS_IAM routes verify (`--iam-credentials` and the
   * environment's, see `knownCredentials()`); a request signed with any other key gets 403.
   * @default - none: every signed request to an AWS_IAM route gets 403
   */
  readonly iamCredentials?: readonly KnownCredential[];
  /**
   * A folder that keeps DynamoDB tables and their items across runs (`--dynamodb-dir`).
   * @default - in memory, for the life of this cloud
   */
  readonly dynamodbDir?: string;
  /**
   * A DynamoDB engine kept across deployments (`serve --watch`): its tables and items outlive
   * this cloud, which does not stop it. `dynamodbDir` is then the engine's own.
   * @default - an engine of this cloud's own, stopped with it
   */
  readonly dynamodb?: DynamoDbEngine;
  /**
   * Resource types nobody emulates deploy as placeholders (`placeholders/`), with one warning per
   * type; false: they fail the deploy with `not supported: <type>`, followed by
   * `refusedPlaceholderHint`.
   * @default true
   */
  readonly allowPlaceholders?: boolean;
  /** What the `not supported` error of a refused placeholder adds (the option that allows them). @default - nothing */
  readonly refusedPlaceholderHint?: string;
  /**
   * `--service-endpoint`: the SDK's service key (`sqs`, `dynamodb`, `secrets_manager`, ...) → the
   * URL every function's AWS SDK calls for that service, as `AWS_ENDPOINT_URL_<KEY>`.
   * @default - none: functions call AWS's own endpoints
   */
  readonly serviceEndpoints?: Readonly<Record<string, string>>;
}

/** A deployed top-level stack, with the placeholders it (and its nested stacks) holds. */
export interface CloudStack extends DeployedStack {
  /** The resources of types the offline cloud does not emulate, deployed as placeholders. */
  readonly placeholders: readonly PlaceholderRecord[];
  /** Its nested stacks, every level, in creation order. */
  readonly nestedStacks: readonly DeployedNestedStack[];
}

/**
 * The variable that points the AWS SDKs' clients of one service at an endpoint: the service's
 * key (as `--service-endpoint` takes it) in upper case.
 * https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
 */
export function serviceEndpointVariable(service: string): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
}

/** The warning `--jwt-unverified` prints at start. */
export const JWT_UNVERIFIED_WARNING = 'warning: --jwt-unverified: JWT authorizers do not verify token signatures; '
  + 'any token with the right issuer, audience, times and scopes is accepted, a forged one too (API Gateway would answer 401)';

/** An HTTP API the local cloud serves. */
export interface ServedApi {
  /** `<StackName>/<LogicalId>` */
  readonly name: string;
  /** The base URL, ending in `/`. */
  readonly url: string;
}

/**
 * The offline cloud: deploys CloudFormation stacks (a cloud assembly or a template) on this
 * machine with IAM, Lambda, API Gateway HTTP APIs and CloudWatch Logs standing in for AWS.
 */
export class LocalCloud {
  public readonly iam: IamService;
  public readonly lambda: LambdaService;
  public readonly apis: HttpApiService;
  public readonly customResources: CustomResourceProvider;
  public readonly stepFunctions: StepFunctionsService;
  /** The local DynamoDB, started on the first table. */
  public readonly dynamodb: DynamoDbEngine;
  private readonly ownsDynamodb: boolean;
  public readonly placeholders: PlaceholderProvider;
  public readonly nestedStacks: NestedStackProvider;
  /** CloudWatch Logs: what functions and access logs wrote, by group and stream. */
  public readonly logs: LogStore;
  /**
   * The AWS APIs functions call besides Lambda's (awsApiCall assertions), each with the variable
   * that points an SDK client at it; started with the function network.
   */
  private readonly serviceApis: { readonly variable: string; readonly endpoint: ServiceEndpoint }[];
  /**
   * Added to every function's environment: the variables of `passEnvironment`, then the local
   * endpoints, set once a template is valid (see deploy).
   */
  private readonly functionNetwork: Record<string, string> = {};
  private readonly environment: DeployEnvironment;
  private readonly providers = new ProviderRegistry();
  /** Exported values by export name, per `<account>/<region>`. */
  private readonly exports = new Map<string, Map<string, string>>();
  private lambdaUrl?: string;
  /** The top-level stacks deployed, in deploy order: torn down in the reverse order. */
  private readonly deployedStacks: DeployedStack[] = [];

  private readonly log: (line: string) => void;

  constructor(private readonly options: LocalCloudOptions = {}) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.log = log;
    for (const name of options.passEnvironment ?? []) {
      const value = process.env[name];
      if (value !== undefined) this.functionNetwork[name] = value;
    }
    for (const [service, url] of Object.entries(options.serviceEndpoints ?? {})) {
      this.functionNetwork[serviceEndpointVariable(service)] = url;
    }
    this.environment = createDeployEnvironment({ region: options.region, accountId: options.accountId });
    // The defaults: environment-agnostic stacks, names without an ARN.
    const { region, accountId, partition } = this.environment;
    this.iam = new IamService(log);
    this.logs = new LogStore({ partition, region, accountId });
    const storeLine = (group: string, stream: string, message: string, timestamp: number) => this.logs.put(group, stream, message, timestamp);
    this.lambda = new LambdaService({
      region,
      accountId,
      partition,
      log,
      concurrencyLimit: options.concurrencyLimit,
      workerLimit: options.workerLimit,
      extraEnvironment: this.functionNetwork,
      javaRic: options.javaRic,
      inspectPort: options.inspectPort,
      debugPythonPort: options.debugPythonPort,
      logSink: storeLine,
    });
    this.apis = new HttpApiService({
      host: options.host ?? '127.0.0.1',
      firstPort: options.port,
      keptServers: options.keptServers,
      jwtKeys: options.jwtUnverified ? 'unverified' : new JwtKeyStore({ jwks: options.jwks, log }),
      iamCredentials: options.iamCredentials,
      iam: this.iam,
      lambda: {
        invoke: (functionArn, payload, traceHeader) => this.lambda.invokeServiceEvent(functionArn, payload, traceHeader),
        policyStatements: (functionArn) => this.lambda.resourcePolicy(functionArn),
      },
      log,
      accessLogSink: storeLine,
    });
    this.stepFunctions = new StepFunctionsService({
      lambda: this.lambda,
      iam: {
        canAssume: (roleArn) => this.iam.canAssume(roleArn, 'states.amazonaws.com'),
        mayInvoke: (roleArn, functionArn) => {
          const request = { action: 'lambda:InvokeFunction', resource: functionArn };
          const own = this.iam.authorize(roleArn, request);
          const functionPolicy = evaluate(this.lambda.policyStatements(functionArn), { ...request, principal: { AWS: roleArn } });
          return own !== 'Deny' && functionPolicy !== 'Deny' && (own === 'Allow' || functionPolicy === 'Allow');
        },
      },
      log,
    });
    // https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
    this.serviceApis = [
      { variable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', endpoint: logsApiEndpoint(this.logs) },
      { variable: 'AWS_ENDPOINT_URL_APIGATEWAYV2', endpoint: managementApiEndpoint(this.apis) },
      { variable: 'AWS_ENDPOINT_URL_IAM', endpoint: iamApiEndpoint(this.iam) },
      { variable: 'AWS_ENDPOINT_URL_STS', endpoint: stsApiEndpoint({ partition, accountId }) },
      // integ-tests-alpha's handler starts the waiter state machine of waitForAssertions with it.
      { variable: 'AWS_ENDPOINT_URL_SFN', endpoint: this.stepFunctions.api },
    ];
    this.customResources = new CustomResourceProvider({
      functions: this.lambda,
      // waitForAssertions answers from a state machine execution, after its function returned.
      answersPending: () => this.stepFunctions.hasRunningExecutions(),
      // Assertions reach the APIs by their execute-api URL; offline that is the local server.
      localize: (value) => this.apis.localizeUrls(value),
      log,
    });
    // On loopback whatever --host says: only this machine's functions talk to it.
    this.ownsDynamodb = options.dynamodb === undefined;
    this.dynamodb = options.dynamodb ?? new DynamoDbEngine({ dataDir: options.dynamodbDir, log });
    // Functions' SDKs (and integ assertions' awsApiCall('DynamoDB', ...)) talk to it.
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
    const tables = new TableProvider(this.dynamodb, log, (endpoint) => this.functionNetwork.AWS_ENDPOINT_URL_DYNAMODB = endpoint);
    this.providers
      .register(CUSTOM_RESOURCE_TYPE, this.customResources)
      .register('AWS::DynamoDB::Table', tables)
      .register('AWS::DynamoDB::GlobalTable', tables)
      .register('AWS::IAM::Role', this.iam.roleProvider)
      .register('AWS::IAM::Policy', this.iam.policyProvider)
      .register('AWS::IAM::ManagedPolicy', this.iam.managedPolicyProvider)
      .register('AWS::IAM::User', this.iam.userProvider)
      .register('AWS::Logs::LogGroup', new LogGroupProvider(this.logs))
      .register('AWS::ApiGatewayV2::Api', this.apis.apiProvider)
      .register('AWS::ApiGatewayV2::Stage', this.apis.stageProvider)
      .register('AWS::ApiGatewayV2::Integration', this.apis.integrationProvider)
      .register('AWS::ApiGatewayV2::Route', this.apis.routeProvider)
      .register('AWS::ApiGatewayV2::Deployment', this.apis.deploymentProvider)
      .register('AWS::ApiGatewayV2::Authorizer', this.apis.authorizerProvider)
      .register('AWS::ApiGatewayV2::DomainName', this.apis.domainNameProvider)
      .register('AWS::ApiGatewayV2::ApiMapping', this.apis.apiMappingProvider)
      .register('AWS::Route53::RecordSet', this.apis.recordSetProvider)
      .register('AWS::StepFunctions::StateMachine', this.stepFunctions.stateMachineProvider);
    for (const [type, provider] of Object.entries(this.lambda.providers)) {
      this.providers.register(type, provider);
    }
    this.nestedStacks = new NestedStackProvider({
      providers: this.providers,
      exportsOf: (environment) => this.exportsOf(environment),
      afterCreate: () => this.apis.forgetInvokeGrants(),
    });
    this.providers.register(NESTED_STACK_TYPE, this.nestedStacks);
    // Last resort for every type nobody registered: a provider registered later still wins.
    this.placeholders = new PlaceholderProvider(log);
    this.providers.fallback(options.allowPlaceholders === false ? undefined : this.placeholders.provider, options.refusedPlaceholderHint);
  }

  /**
   * Deploys every stack of a cdk.out folder (in dependency order) or of one template file.
   * Outputs and exports that are an API's execute-api URL are rewritten to its local URL. A
   * template that is not valid fails before anything starts.
   */
  public async deploy(source: string): Promise<CloudStack[]> {
    const stacks = readTemplateSource(source);
    const deployed: CloudStack[] = [];
    for (const stack of stacks) {
      const environment = this.environmentOf(stack.environment);
      const placeholdersBefore = this.placeholders.created.length;
      const nestedBefore = this.nestedStacks.stacks.length;
      const result = await deployStack(
        { ...stack, parameters: { ...stack.parameters, ...this.options.parameters } },
        {
          environment,
          providers: this.providers,
          exports: this.exportsOf(environment),
          beforeCreate: () => this.startFunctionNetwork(),
          // A new role, policy or permission may grant what was refused: decide again.
          afterCreate: () => this.apis.forgetInvokeGrants(),
        },
      );
      const exports = this.exportsOf(environment);
      for (const [name, value] of exports) {
        exports.set(name, this.apis.localizeUrls(value));
      }
      const outputs = Object.fromEntries(Object.entries(result.outputs).map(([id, value]) => [id, this.apis.localizeUrls(value)]));
      this.deployedStacks.push(result);
      deployed.push({
        ...result,
        outputs,
        placeholders: this.placeholders.createdSince(placeholdersBefore),
        nestedStacks: this.nestedStacks.stacks.slice(nestedBefore),
      });
    }
    return deployed;
  }

  /**
   * The environment a stack deploys into: its own account and Region where it names them, else
   * the offline cloud's defaults (`region`, `accountId`).
   */
  private environmentOf(own: StackEnvironment | undefined): DeployEnvironment {
    if (own?.region === undefined && own?.accountId === undefined) return this.environment;
    return createDeployEnvironment({ region: own.region ?? this.environment.region, accountId: own.accountId ?? this.environment.accountId });
  }

  /** The exports of one account and Region: `Fn::ImportValue` never reaches across them, as in CloudFormation. */
  private exportsOf(environment: DeployEnvironment): Map<string, string> {
    const key = `${environment.accountId}/${environment.region}`;
    let exports = this.exports.get(key);
    if (!exports) {
      exports = new Map();
      this.exports.set(key, exports);
    }
    return exports;
  }

  /** The HTTP APIs deployed so far, with their local URLs. */
  public servedApis(): ServedApi[] {
    return this.apis.list().map((api) => ({ name: api.displayName, url: `${api.endpoint}/` }));
  }

  /** Starts the Lambda Invoke API (once) and returns its URL, for `AWS_ENDPOINT_URL_LAMBDA`. */
  public async startLambdaApi(): Promise<string> {
    this.lambdaUrl ??= await this.lambda.startInvokeApi(this.options.host ?? '127.0.0.1', 0);
    return this.lambdaUrl;
  }

  /** With kept servers: starts answering on them (after the previous deployment's `detach()`). */
  public attach(): void {
    this.apis.attach();
  }

  /**
   * With kept servers: stops answering new requests, then waits for those in progress (at most
   * `drainMs`), so a following `stop()` does not cut them.
   */
  public async detach(drainMs: number): Promise<void> {
    this.apis.detach();
    await this.apis.drain(drainMs);
  }

  /** Stops every server and function process (kept API servers are only detached, a kept DynamoDB engine goes on); idempotent. */
  public async stop(): Promise<void> {
    // Executions first: none starts a new state, and one inside a function call may finish it
    // (briefly) before Lambda stops.
    await this.stepFunctions.stop();
    await this.teardown();
    await Promise.all([
      this.apis.stop(), this.lambda.stop(), this.customResources.stop(), ...this.serviceApis.map((api) => api.endpoint.close()),
      this.ownsDynamodb ? this.dynamodb.stop() : undefined,
    ]);
  }

  /**
   * Deletes the deployed stacks, the last deployed first, each resource after those that depend
   * on it (nested stacks included); only resources whose provider can delete them are touched.
   */
  private async teardown(): Promise<void> {
    for (const stack of this.deployedStacks.splice(0).reverse()) {
      try {
        await teardownStack(stack, this.providers);
      } catch (error) {
        this.log(`teardown of ${stack.stackName}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Starts the endpoints functions talk to (once), and tells functions where they are. */
  private async startFunctionNetwork(): Promise<void> {
    if (this.functionNetwork.GRAVITON_LOCAL_CFN_RESPONSE_ENDPOINT) return;
    // Node.js custom resource handlers send their answer over HTTPS to a host without a port;
    // local-network.js routes exactly those requests to the local ResponseURL endpoint.
    this.functionNetwork.GRAVITON_LOCAL_CFN_RESPONSE_ENDPOINT = await this.customResources.start();
    this.functionNetwork.NODE_OPTIONS = `--require ${JSON.stringify(path.join(RUNTIME_CLIENTS_DIR, 'local-network.js'))}`;
    // As Lambda's Node.js runtime does, functions find the AWS SDK on NODE_PATH; its Lambda
    // client talks to the local Invoke API.
    // https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
    this.functionNetwork.NODE_PATH = SDK_NODE_PATH;
    this.functionNetwork.AWS_ENDPOINT_URL_LAMBDA = await this.startLambdaApi();
    await this.startServiceApis();
  }

  /**
   * Starts the other AWS APIs functions may call (Logs, API Gateway v2, IAM, STS, Step Functions) and returns
   * their variables, `AWS_ENDPOINT_URL_<SERVICE>` → URL; each starts once.
   */
  public async startServiceApis(): Promise<Record<string, string>> {
    const host = this.options.host ?? '127.0.0.1';
    for (const { variable, endpoint } of this.serviceApis) {
      this.functionNetwork[variable] ??= await endpoint.start(host, 0);
    }
    return Object.fromEntries(this.serviceApis.map(({ variable }) => [variable, this.functionNetwork[variable]]));
  }
}

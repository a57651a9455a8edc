import { randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { stackId } from './pseudo-parameters';
import { DeployError, NotSupportedError, ProvisionRequest, ProvisionedResource, ResourceProvider } from './resource-provider';

/** What the custom resource provider needs from Lambda. */
export interface CustomResourceFunctions {
  invoke(functionArn: string, payload: Buffer): Promise<{ payload: Buffer; functionError?: string }>;
}

export interface CustomResourceProviderOptions {
  readonly functions: CustomResourceFunctions;
  /** Rewrites strings of the resource properties before the function sees them (local URLs). */
  readonly localize?: (value: string) => string;
  readonly log?: (line: string) => void;
  /**
   * True while something other than the function may still answer (a Step Functions execution
   * the function started): the provider keeps waiting for the answer, up to `ServiceTimeout`.
   * @default - only the function answers, before it returns
   */
  readonly answersPending?: () => boolean;
}

/** A provider's answer, as CloudFormation receives it on the ResponseURL. */
interface CustomResourceResponse {
  readonly Status?: string;
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, unknown>;
}

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
const MAX_RESPONSE_BYTES = 4096;

/**
 * Custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`) backed by a Lambda
 * function: the request/response protocol of CloudFormation, with the ResponseURL served on
 * loopback instead of a pre-signed S3 URL.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html
 */
export class CustomResourceProvider implements ResourceProvider {
  private server?: http.Server;
  private endpointAddress?: string;
  private readonly pending = new Map<string, (response: CustomResourceResponse | Error) => void>();

  constructor(private readonly options: CustomResourceProviderOptions) {}

  /** Starts the ResponseURL endpoint (once); resolves with its `host:port`. */
  public async start(): Promise<string> {
    if (this.endpointAddress) {
      return this.endpointAddress;
    }
    const server = http.createServer((req, res) => this.receive(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.endpointAddress = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.endpointAddress;
  }

  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.endpointAddress = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  public async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { ServiceToken: serviceToken, ...properties } = request.properties;
    if (typeof serviceToken !== 'string' || serviceToken === '') {
      throw new DeployError('ServiceToken is required: the ARN of the Lambda function that provides the resource');
    }
    if (!/^arn:[^:]+:lambda:/.test(serviceToken)) {
      throw new NotSupportedError(`custom resource ServiceToken ${serviceToken} (only Lambda functions, not SNS topics)`, request.logicalId);
    }
    const timeoutSeconds = serviceTimeoutSeconds(properties.ServiceTimeout);
    const endpoint = await this.start();
    const requestId = randomUUID();
    const event = {
      RequestType: 'Create',
      ServiceToken: serviceToken,
      ResponseURL: `http://${endpoint}/cloudformation/${requestId}`,
      StackId: stackId(request.environment, request.stackName),
      RequestId: requestId,
      LogicalResourceId: request.logicalId,
      ResourceType: request.type,
      ResourceProperties: { ServiceToken: serviceToken, ...this.localize(properties) as object },
    };
    const answered = new Promise<CustomResourceResponse | Error>((resolve) => this.pending.set(requestId, resolve));
    try {
      const result = await this.options.functions.invoke(serviceToken, Buffer.from(JSON.stringify(event)));
      // The function sends its answer before it returns (a short grace covers a slow socket), or
      // something it started does later (answersPending), up to the custom resource's timeout.
      const response = await Promise.race([answered, this.noMoreAnswers(Date.now() + timeoutSeconds * 1000)]);
      if (response instanceof Error) {
        throw new DeployError(response.message);
      }
      if (response === 'timeout') {
        throw new DeployError(`CloudFormation did not receive a response from your Custom Resource within ${timeoutSeconds} seconds (ServiceTimeout)`);
      }
      if (!response) {
        const why = result.functionError ? `failed: ${result.payload.toString('utf-8').slice(0, 500)}` : 'returned without sending a response to the ResponseURL';
        throw new DeployError(`the custom resource's function ${why}`);
      }
      if (response.Status !== 'SUCCESS') {
        throw new DeployError(`Received response status [${response.Status}] from custom resource. Message returned: ${response.Reason ?? '(none)'} (RequestId: ${requestId})`);
      }
      const attributes: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.Data ?? {})) {
        attributes[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
      return { ref: response.PhysicalResourceId ?? requestId, attributes };
    } finally {
      this.pending.delete(requestId);
    }
  }

  /** Resolves once nothing may answer any more (undefined), or at the deadline ('timeout'). */
  private async noMoreAnswers(deadline: number): Promise<undefined | 'timeout'> {
    do {
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await delay(Math.min(1000, left));
    } while (this.options.answersPending?.());
    return Date.now() >= deadline ? 'timeout' : undefined;
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = /^\/cloudformation\/([0-9a-f-]+)$/.exec(req.url ?? '')?.[1];
    const resolve = requestId ? this.pending.get(requestId) : undefined;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'PUT' || !resolve) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end();
      const body = Buffer.concat(chunks);
      if (body.length > MAX_RESPONSE_BYTES) {
        resolve(new Error(`Response object is too long (${body.length} bytes; custom resource responses are limited to ${MAX_RESPONSE_BYTES})`));
        return;
      }
      try {
        resolve(JSON.parse(body.toString('utf-8')));
      } catch {
        resolve(new Error('the custom resource response is not JSON'));
      }
    });
  }

  private localize(value: unknown): unknown {
    const localize = this.options.localize;
    if (!localize) return value;
    if (typeof value === 'string') return localize(value);
    if (Array.isArray(value)) return value.map((item) => this.localize(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.localize(v)]));
    }
    return value;
  }
}

/**
 * A custom resource's `ServiceTimeout`: 1 to 3600 seconds, 3600 by default.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html
 */
function serviceTimeoutSeconds(value: unknown): number {
  if (value === undefined) return 3600;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new DeployError(`ServiceTimeout ${JSON.stringify(value)}: must be a whole number of seconds from 1 to 3600`);
  }
  return seconds;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

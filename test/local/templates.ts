import * as path from 'path';
import { loadTemplate } from '../../src/local/cloudformation/template-loader';

/** The hand-written reference template: a Python function behind `GET /`, invoked through a role. */
export const REFERENCE_YAML = path.join(__dirname, 'fixtures', 'reference-stack.yaml');

/** The reference template as data (short tags in long form), for a test to change. */
export function reference(): any {
  return loadTemplate(REFERENCE_YAML);
}

export interface ExtraFunction {
  /** `nodejs20.x`, `python3.11`, ... */
  readonly runtime: string;
  /** Inline code: `index.handler` is its handler. */
  readonly code: string;
  readonly routeKey: string;
  /** Seconds. @default 3 */
  readonly timeout?: number;
  readonly environment?: Record<string, string>;
}

/**
 * Adds a function `<id>` to the reference template, behind its own route of the same API and
 * invoked through the same role, whose policy is widened to it.
 */
export function addFunction(template: any, id: string, fn: ExtraFunction): void {
  const resources = template.Resources;
  resources[id] = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Code: { ZipFile: fn.code },
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
      Runtime: fn.runtime,
      ...(fn.timeout !== undefined ? { Timeout: fn.timeout } : {}),
      ...(fn.environment ? { Environment: { Variables: fn.environment } } : {}),
    },
  };
  resources[`${id}Integration`] = {
    Type: 'AWS::ApiGatewayV2::Integration',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      CredentialsArn: { 'Fn::GetAtt': ['InvokeRole', 'Arn'] },
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [id, 'Arn'] },
      PayloadFormatVersion: '2.0',
    },
  };
  resources[`${id}Route`] = {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: { ApiId: { Ref: 'HttpApi' }, RouteKey: fn.routeKey, Target: { 'Fn::Join': ['/', ['integrations', { Ref: `${id}Integration` }]] } },
  };
  const statement = resources.InvokeRole.Properties.Policies[0].PolicyDocument.Statement[0];
  statement.Resource = [statement.Resource, { 'Fn::GetAtt': [id, 'Arn'] }].flat();
}

/** Turns on the access log of the reference template's stage, lines prefixed `[<logGroup>] `. */
export function withAccessLog(template: any, logGroup: string, format: string): void {
  template.Resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroup}:*`,
    Format: format,
  };
}

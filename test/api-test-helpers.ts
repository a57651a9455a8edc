/**
 * Helpers shared by the unit tests of `GravitonHttpLambdaApi`'s props (not a test file itself).
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { GravitonHttpLambdaApi, GravitonHttpLambdaApiProps } from '../src';
import { SYNTHESIS_DATE_CONTEXT } from '../src/private/synthesis-date';

export const HELLO_CODE = lambda.Code.fromInline(
  'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}\n',
);

/** The day the unit tests synthesize on, so that Lambda's runtime schedule does not age them. */
export const TEST_SYNTHESIS_DATE = '2026-11-25';

/** A new App and Stack, for one test, synthesizing as of `synthesisDate`. */
export function newStack(synthesisDate: string = TEST_SYNTHESIS_DATE): Stack {
  return new Stack(new App({ context: { [SYNTHESIS_DATE_CONTEXT]: synthesisDate } }), 'TestStack');
}

/** The construct with id `Hello`: a function from inline code, plus `props`. */
export function hello(stack: Stack, props: Partial<GravitonHttpLambdaApiProps> = {}): GravitonHttpLambdaApi {
  return new GravitonHttpLambdaApi(stack, 'Hello', { code: HELLO_CODE, handler: 'index.lambda_handler', ...props });
}

/** A function of the user's, to serve as a Lambda authorizer. */
export function authorizerFunction(stack: Stack, id = 'AuthorizerFunction'): lambda.Function {
  return new lambda.Function(stack, id, {
    code: lambda.Code.fromInline('def handler(event, context):\n    return {"isAuthorized": True}\n'),
    handler: 'index.handler',
    runtime: lambda.Runtime.PYTHON_3_14,
    architecture: lambda.Architecture.ARM_64,
  });
}

/** The logical id of a construct's CloudFormation resource (the construct itself, or its default child). */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/**
 * Expects `build` to throw `message`, having created no child: the stack gains only the bare
 * `Hello` construct (added by `super(scope, id)` before validation starts).
 */
export function expectRefusedBeforeAnyChild(stack: Stack, build: () => unknown, message: RegExp): void {
  const before = stack.node.findAll().length;
  expect(build).toThrow(message);
  expect(stack.node.findChild('Hello').node.children).toHaveLength(0);
  expect(stack.node.findAll()).toHaveLength(before + 1);
}

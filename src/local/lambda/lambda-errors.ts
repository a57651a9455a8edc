import { DeployError } from '../cloudformation/resource-provider';

/**
 * The errors the Lambda API answers with, each with its status code and error type as the
 * Invoke API sends them (`x-amzn-ErrorType` header, `{"Type","message"}` body).
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 */

/** A Lambda API error: what an SDK call would throw. */
export class LambdaServiceException extends Error {
  /** The HTTP status code of the error response. */
  readonly statusCode: number;
  /** Who is at fault, as the `Type` field of the body: `User` (4xx) or `Service` (5xx). */
  readonly faultType: 'User' | 'Service';
  /** The throttling reason of a TooManyRequestsException, sent as the body's `Reason`. */
  readonly reason?: string;

  constructor(name: string, statusCode: number, message: string, reason?: string) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.faultType = statusCode >= 500 ? 'Service' : 'User';
    this.reason = reason;
  }

  /** The JSON body of the error response. */
  toJSON(): Record<string, string> {
    return { ...(this.reason ? { Reason: this.reason } : {}), Type: this.faultType, message: this.message };
  }
}

/** The function (or the qualified version of it) does not exist. */
export class ResourceNotFoundException extends LambdaServiceException {
  constructor(functionArn: string) {
    super('ResourceNotFoundException', 404, `Function not found: ${functionArn}`);
  }
}

/** The request payload is over the invocation type's limit. */
export class RequestTooLargeException extends LambdaServiceException {
  constructor(limitBytes: number) {
    super('RequestTooLargeException', 413, `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`);
  }
}

/** The concurrency limit (account-wide or the function's reserved concurrency) is reached. */
export class TooManyRequestsException extends LambdaServiceException {
  constructor(reason: 'ConcurrentInvocationLimitExceeded' | 'ReservedFunctionConcurrentInvocationLimitExceeded') {
    super('TooManyRequestsException', 429, 'Rate Exceeded.', reason);
  }
}

/** The request body (payload) or the client context is not what Lambda accepts. */
export class InvalidRequestContentException extends LambdaServiceException {
  constructor(message: string) {
    super('InvalidRequestContentException', 400, message);
  }
}

/** A parameter of the request has a value Lambda does not accept. */
export class InvalidParameterValueException extends LambdaServiceException {
  constructor(message: string) {
    super('InvalidParameterValueException', 400, message);
  }
}

/**
 * A deploy failure caused by a Lambda API error, worded as CloudFormation reports the resource's
 * CREATE_FAILED reason: the Lambda message, then the service and error code.
 */
export function lambdaDeployError(logicalId: string, errorCode: string, statusCode: number, message: string): DeployError {
  return new DeployError(`${logicalId}: ${message} (Service: Lambda, Status Code: ${statusCode}, Error Code: ${errorCode})`);
}

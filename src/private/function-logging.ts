import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';

// The format and levels of the function's logs: JSON by default, like the access log.

type LoggingProps = Pick<GravitonHttpLambdaApiProps, 'loggingFormat' | 'applicationLogLevel' | 'systemLogLevel'>;

/** What `lambda.Function` is given for the function's logs. */
export interface FunctionLogging {
  readonly loggingFormat: lambda.LoggingFormat;
  readonly applicationLogLevelV2?: lambda.ApplicationLogLevel;
  readonly systemLogLevelV2?: lambda.SystemLogLevel;
}

const DEFAULT_LOGGING_FORMAT = lambda.LoggingFormat.JSON;

export function validateFunctionLogging(props: LoggingProps): void {
  checkMember('loggingFormat', props.loggingFormat, lambda.LoggingFormat);
  checkMember('applicationLogLevel', props.applicationLogLevel, lambda.ApplicationLogLevel);
  checkMember('systemLogLevel', props.systemLogLevel, lambda.SystemLogLevel);
  // Lambda filters by level only the lines it can read a level from.
  // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
  if ((props.loggingFormat ?? DEFAULT_LOGGING_FORMAT) !== lambda.LoggingFormat.JSON) {
    const levels = (['applicationLogLevel', 'systemLogLevel'] as const).filter((prop) => props[prop] !== undefined);
    if (levels.length > 0) {
      throw new Error(`${levels.join(' and ')}: log levels apply to JSON logs only, and loggingFormat is ${props.loggingFormat}; remove ${levels.length > 1 ? 'them' : 'it'} or use lambda.LoggingFormat.JSON`);
    }
  }
}

export function functionLogging(props: LoggingProps): FunctionLogging {
  return {
    loggingFormat: props.loggingFormat ?? DEFAULT_LOGGING_FORMAT,
    applicationLogLevelV2: props.applicationLogLevel,
    systemLogLevelV2: props.systemLogLevel,
  };
}

function checkMember(prop: string, value: string | undefined, members: { [name: string]: string }): void {
  if (value !== undefined && !Object.values(members).includes(value)) {
    throw new Error(`${prop} "${value}": must be one of ${Object.values(members).join(', ')}`);
  }
}

import { FilterPatternError, parseFilterPattern } from './filter-pattern';
import { LogEvent, LogStore, StoredLogGroup, StoredLogStream, compare } from './log-store';
import { AwsApiError, ServiceEndpoint, ServiceRequest, ServiceResponse, jsonResponse, notSupported } from '../service-endpoint';

/**
 * The CloudWatch Logs API over HTTP, reading the offline cloud's log store: JSON 1.1, the
 * operation in `X-Amz-Target: Logs_20140328.<Operation>`, errors as `{"__type","message"}`.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html
 */

const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

type Input = Record<string, unknown>;
type Operation = (store: LogStore, input: Input) => object;

const OPERATIONS: Record<string, Operation> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};

/** The operations answered, as `not supported` names them. */
export const LOGS_OPERATIONS = Object.keys(OPERATIONS);

/** A Logs API endpoint over `store`. */
export function logsApiEndpoint(store: LogStore): ServiceEndpoint {
  return new ServiceEndpoint({
    handle: (request) => handle(store, request),
    renderError: (error) => jsonResponse(error.statusCode, { __type: error.code, message: error.message }, CONTENT_TYPE),
  });
}

function handle(store: LogStore, request: ServiceRequest): ServiceResponse {
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined;
  if (request.method !== 'POST' || !operation) {
    throw notSupported(`CloudWatchLogs ${target || `${request.method} ${request.url.pathname}`}`, LOGS_OPERATIONS.map((op) => `${TARGET_PREFIX}${op}`));
  }
  let input: Input;
  try {
    input = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsApiError('SerializationException', 400, 'the request body is not JSON');
  }
  return jsonResponse(200, operation(store, input), CONTENT_TYPE);
}

function invalid(message: string): AwsApiError {
  return new AwsApiError('InvalidParameterException', 400, message);
}

function notFound(message: string): AwsApiError {
  return new AwsApiError('ResourceNotFoundException', 400, message);
}

function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must be a string`);
  return value;
}

function requiredString(input: Input, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined) throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function optionalNumber(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** `logGroupName`, or `logGroupIdentifier` (a name or an ARN); exactly one. */
function logGroupOf(store: LogStore, input: Input): StoredLogGroup {
  const name = optionalString(input, 'logGroupName');
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  const wanted = name ?? identifier?.replace(/^arn:[^:]+:logs:[^:]+:\d{12}:log-group:/, '').replace(/:\*$/, '');
  if (wanted === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be given.');
  const group = store.group(wanted);
  if (!group) throw notFound('The specified log group does not exist.');
  return group;
}

/** Pagination: the token is the offset of the next page. */
function page<T>(items: T[], input: Input, defaultLimit: number, maxLimit: number): { items: T[]; nextToken?: string } {
  const limit = optionalNumber(input, 'limit', 1, maxLimit) ?? defaultLimit;
  const token = optionalString(input, 'nextToken');
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw invalid(`The specified nextToken is invalid: ${token}`);
  const end = start + limit;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
function describeLogGroups(store: LogStore, input: Input): object {
  const prefix = optionalString(input, 'logGroupNamePrefix');
  const pattern = optionalString(input, 'logGroupNamePattern');
  if (prefix !== undefined && pattern !== undefined) throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  const groups = store.allGroups()
    .filter((g) => prefix === undefined || g.logGroupName.startsWith(prefix))
    .filter((g) => pattern === undefined || g.logGroupName.toLowerCase().includes(pattern.toLowerCase()));
  const { items, nextToken } = page(groups, input, 50, 50);
  return withoutUndefined({
    logGroups: items.map((g) => withoutUndefined({
      logGroupName: g.logGroupName,
      creationTime: g.creationTime,
      retentionInDays: g.retentionInDays,
      metricFilterCount: 0,
      arn: `${g.logGroupArn}:*`,
      storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.bytes, 0),
      logGroupClass: 'STANDARD',
      logGroupArn: g.logGroupArn,
    })),
    nextToken,
  });
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
function describeLogStreams(store: LogStore, input: Input): object {
  const group = logGroupOf(store, input);
  const prefix = optionalString(input, 'logStreamNamePrefix');
  const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalid(`1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`);
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const streams = [...group.streams.values()]
    .filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix))
    .sort((a, b) => orderBy === 'LogStreamName'
      ? compare(a.logStreamName, b.logStreamName)
      : (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0));
  if (input.descending === true) streams.reverse();
  const { items, nextToken } = page(streams, input, 50, 50);
  return withoutUndefined({
    logStreams: items.map((s) => withoutUndefined({
      logStreamName: s.logStreamName,
      creationTime: s.creationTime,
      firstEventTimestamp: s.firstEventTimestamp,
      lastEventTimestamp: s.lastEventTimestamp,
      lastIngestionTime: s.lastIngestionTime,
      arn: `${group.logGroupArn}:log-stream:${s.logStreamName}`,
      storedBytes: 0,
    })),
    nextToken,
  });
}

function inTimeRange(event: LogEvent, input: Input): boolean {
  const start = optionalNumber(input, 'startTime', 0, Number.MAX_SAFE_INTEGER);
  const end = optionalNumber(input, 'endTime', 0, Number.MAX_SAFE_INTEGER);
  return (start === undefined || event.timestamp >= start) && (end === undefined || event.timestamp <= end);
}

/**
 * One stream's events in time order. The tokens are `f/<offset>` and `b/<offset>`: the events
 * after and before the page returned (when there are none, the same token comes back, as AWS does).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
 */
function getLogEvents(store: LogStore, input: Input): object {
  const group = logGroupOf(store, input);
  const streamName = requiredString(input, 'logStreamName');
  const stream: StoredLogStream | undefined = group.streams.get(streamName);
  if (!stream) throw notFound('The specified log stream does not exist.');
  const events = stream.events.filter((e) => inTimeRange(e, input)).sort(byTime);
  const limit = optionalNumber(input, 'limit', 1, 10_000) ?? 10_000;
  const token = optionalString(input, 'nextToken');
  let start: number;
  let end: number;
  if (token !== undefined) {
    const match = /^([fb])\/(\d+)$/.exec(token);
    if (!match) throw invalid(`The specified nextToken is invalid: ${token}`);
    const offset = Number(match[2]);
    [start, end] = match[1] === 'f' ? [offset, Math.min(events.length, offset + limit)] : [Math.max(0, offset - limit), offset];
  } else if (input.startFromHead === true) {
    [start, end] = [0, Math.min(events.length, limit)];
  } else {
    [start, end] = [Math.max(0, events.length - limit), events.length];
  }
  return {
    events: events.slice(start, end).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: `f/${end}`,
    nextBackwardToken: `b/${start}`,
  };
}

/**
 * Events of a group's streams (all, `logStreamNames`, or `logStreamNamePrefix`) that match
 * `filterPattern`, in time order.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
 */
function filterLogEvents(store: LogStore, input: Input): object {
  const group = logGroupOf(store, input);
  const names = input.logStreamNames;
  const prefix = optionalString(input, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  if (names !== undefined && (!Array.isArray(names) || names.length < 1 || names.length > 100 || !names.every((n) => typeof n === 'string'))) {
    throw invalid('1 validation error detected: Value at \'logStreamNames\' failed to satisfy constraint: Member must have length between 1 and 100');
  }
  let matches: (message: string) => boolean;
  try {
    matches = parseFilterPattern(optionalString(input, 'filterPattern'));
  } catch (error) {
    if (error instanceof FilterPatternError && error.notSupported) throw new AwsApiError('NotSupported', 501, error.message);
    if (error instanceof FilterPatternError) throw invalid(error.message);
    throw error;
  }
  const streams = [...group.streams.values()]
    .filter((s) => names === undefined || (names as string[]).includes(s.logStreamName))
    .filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix));
  const events = streams
    .flatMap((s) => s.events.filter((e) => inTimeRange(e, input) && matches(e.message)).map((e) => ({ stream: s.logStreamName, event: e })))
    .sort((a, b) => byTime(a.event, b.event));
  const { items, nextToken } = page(events, input, 10_000, 10_000);
  return withoutUndefined({
    events: items.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: event.eventId,
    })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.logStreamName, searchedCompletely: true })),
    nextToken,
  });
}

function byTime(a: LogEvent, b: LogEvent): number {
  return a.timestamp - b.timestamp || compare(a.eventId, b.eventId);
}

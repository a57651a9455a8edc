/**
 * CloudWatch Logs in the offline cloud: log groups, their streams and the events in them, kept in
 * memory with their timestamps, so `FilterLogEvents`, `GetLogEvents` and the Describe calls
 * (logs-api.ts) answer with what functions and API Gateway wrote. Each stream keeps its latest
 * MAX_EVENTS_PER_STREAM events and MAX_BYTES_PER_STREAM bytes, and each group its
 * MAX_STREAMS_PER_GROUP most recently written streams, so memory stays bounded however long
 * `serve` runs (each new execution environment starts a stream).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatchLogsConcepts.html
 */

/** One log event. */
export interface LogEvent {
  /** When it happened, in milliseconds since the epoch. */
  readonly timestamp: number;
  readonly message: string;
  /** When the store received it. */
  readonly ingestionTime: number;
  /** Unique across the store, and ordered as the events arrived. */
  readonly eventId: string;
}

export interface StoredLogStream {
  readonly logStreamName: string;
  readonly creationTime: number;
  readonly events: LogEvent[];
  /** The bytes of the messages kept. */
  bytes: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
}

export interface StoredLogGroup {
  readonly logGroupName: string;
  /** The ARN without the `:*` suffix (`logGroupArn` in DescribeLogGroups). */
  readonly logGroupArn: string;
  readonly creationTime: number;
  readonly retentionInDays?: number;
  readonly streams: Map<string, StoredLogStream>;
}

/** Where log groups made without a template (a function's default group) live. */
export interface LogLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export class LogStore {
  /** The events kept per stream; older ones are dropped first. */
  static readonly MAX_EVENTS_PER_STREAM = 10_000;
  /** The message bytes kept per stream; older events are dropped first. */
  static readonly MAX_BYTES_PER_STREAM = 4 * 1024 * 1024;
  /** The streams kept per group; the one written to least recently is dropped first. */
  static readonly MAX_STREAMS_PER_GROUP = 1_000;

  private readonly groups = new Map<string, StoredLogGroup>();
  private sequence = 0;

  constructor(private readonly location: LogLocation) {}

  /** Adds a log group (`AWS::Logs::LogGroup`); false when one of that name exists. */
  createGroup(logGroupName: string, location: LogLocation = this.location, retentionInDays?: number): boolean {
    if (this.groups.has(logGroupName)) return false;
    const { partition, region, accountId } = location;
    this.groups.set(logGroupName, {
      logGroupName,
      logGroupArn: `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`,
      creationTime: Date.now(),
      retentionInDays,
      streams: new Map(),
    });
    return true;
  }

  /**
   * Appends one event to a stream, making the group and the stream when they are new (Lambda
   * creates its function's group on first write when the role may; an access log's group exists).
   */
  put(logGroupName: string, logStreamName: string, message: string, timestamp = Date.now()): void {
    this.createGroup(logGroupName);
    const group = this.groups.get(logGroupName)!;
    let stream = group.streams.get(logStreamName);
    if (!stream) {
      stream = { logStreamName, creationTime: Date.now(), events: [], bytes: 0 };
      group.streams.set(logStreamName, stream);
      if (group.streams.size > LogStore.MAX_STREAMS_PER_GROUP) dropLeastRecentStream(group);
    }
    const ingestionTime = Date.now();
    stream.events.push({ timestamp, message, ingestionTime, eventId: this.nextEventId(timestamp) });
    stream.bytes += Buffer.byteLength(message);
    if (stream.events.length > LogStore.MAX_EVENTS_PER_STREAM || stream.bytes > LogStore.MAX_BYTES_PER_STREAM) {
      dropOldestEvents(stream);
    }
    stream.firstEventTimestamp = Math.min(stream.firstEventTimestamp ?? timestamp, timestamp);
    stream.lastEventTimestamp = Math.max(stream.lastEventTimestamp ?? timestamp, timestamp);
    stream.lastIngestionTime = ingestionTime;
  }

  group(logGroupName: string): StoredLogGroup | undefined {
    return this.groups.get(logGroupName);
  }

  /** Every log group, sorted by name as DescribeLogGroups lists them. */
  allGroups(): StoredLogGroup[] {
    return [...this.groups.values()].sort((a, b) => compare(a.logGroupName, b.logGroupName));
  }

  /** AWS's event ids are long decimal strings; these sort as the events arrived. */
  private nextEventId(timestamp: number): string {
    this.sequence++;
    return `${String(timestamp).padStart(16, '0')}${String(this.sequence).padStart(20, '0')}`;
  }
}

/**
 * Drops the oldest events until the stream is a tenth under its limits, in one splice, so a
 * stream at its cap does not copy its events on every line.
 */
function dropOldestEvents(stream: StoredLogStream): void {
  const maxEvents = Math.floor(LogStore.MAX_EVENTS_PER_STREAM * 0.9);
  const maxBytes = Math.floor(LogStore.MAX_BYTES_PER_STREAM * 0.9);
  let drop = Math.max(0, stream.events.length - maxEvents);
  let bytes = stream.bytes;
  for (let i = 0; i < drop; i++) bytes -= Buffer.byteLength(stream.events[i].message);
  while (bytes > maxBytes && drop < stream.events.length - 1) {
    bytes -= Buffer.byteLength(stream.events[drop].message);
    drop++;
  }
  stream.events.splice(0, drop);
  stream.bytes = bytes;
}

function dropLeastRecentStream(group: StoredLogGroup): void {
  let oldest: StoredLogStream | undefined;
  for (const stream of group.streams.values()) {
    if (!oldest || (stream.lastIngestionTime ?? stream.creationTime) < (oldest.lastIngestionTime ?? oldest.creationTime)) oldest = stream;
  }
  if (oldest) group.streams.delete(oldest.logStreamName);
}

/** Code-point order, as AWS sorts names. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

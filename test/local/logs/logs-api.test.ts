import {
  CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand,
  InvalidParameterException, ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { LogStore } from '../../../src/local/logs/log-store';
import { logsApiEndpoint } from '../../../src/local/logs/logs-api';
import { ServiceEndpoint } from '../../../src/local/service-endpoint';

const LOCATION = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const STREAM_A = '2026/01/02/[$LATEST]0123456789abcdef0123456789abcdef';
const STREAM_B = '2026/01/02/[$LATEST]fedcba9876543210fedcba9876543210';

describe('the CloudWatch Logs API, called with the AWS SDK v3 client', () => {
  let store: LogStore;
  let endpoint: ServiceEndpoint;
  let client: CloudWatchLogsClient;
  let url: string;

  beforeAll(async () => {
    store = new LogStore(LOCATION);
    store.createGroup('/aws/lambda/hello', LOCATION, 7);
    store.put('/aws/lambda/hello', STREAM_A, 'START RequestId: r1 Version: $LATEST', T0);
    store.put('/aws/lambda/hello', STREAM_A, '[ERROR] boom', T0 + 10);
    store.put('/aws/lambda/hello', STREAM_B, 'START RequestId: r2 Version: $LATEST', T0 + 5);
    store.put('/aws/lambda/hello', STREAM_B, '{"level":"INFO","status":200}', T0 + 20);
    store.put('access-logs', 'abc123_$default', '{"status":"404","path":"/nope"}', T0 + 30);
    endpoint = logsApiEndpoint(store);
    url = await endpoint.start();
    client = new CloudWatchLogsClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.close();
  });

  test('DescribeLogGroups lists the groups by name, with their ARNs and retention', async () => {
    const answer = await client.send(new DescribeLogGroupsCommand({}));
    expect(answer.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/hello', 'access-logs']);
    expect(answer.logGroups?.[0]).toMatchObject({
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hello:*',
      logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/hello',
      retentionInDays: 7,
    });
    const prefixed = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(prefixed.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/hello']);
  });

  test('DescribeLogGroups pages with limit and nextToken', async () => {
    const first = await client.send(new DescribeLogGroupsCommand({ limit: 1 }));
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/hello']);
    const second = await client.send(new DescribeLogGroupsCommand({ limit: 1, nextToken: first.nextToken }));
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(['access-logs']);
    expect(second.nextToken).toBeUndefined();
  });

  test('DescribeLogStreams lists a group\'s streams with their first and last event times', async () => {
    const answer = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/hello' }));
    expect(answer.logStreams?.map((s) => s.logStreamName)).toEqual([STREAM_A, STREAM_B]);
    expect(answer.logStreams?.[0]).toMatchObject({ firstEventTimestamp: T0, lastEventTimestamp: T0 + 10 });
    const latest = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/hello', orderBy: 'LastEventTime', descending: true }));
    expect(latest.logStreams?.map((s) => s.logStreamName)).toEqual([STREAM_B, STREAM_A]);
  });

  test('GetLogEvents returns one stream\'s events in time order, from the head when asked', async () => {
    const answer = await client.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/hello', logStreamName: STREAM_A, startFromHead: true }));
    expect(answer.events?.map((e) => [e.timestamp, e.message])).toEqual([[T0, 'START RequestId: r1 Version: $LATEST'], [T0 + 10, '[ERROR] boom']]);
    expect(answer.nextForwardToken).toBe('f/2');
    const tail = await client.send(new GetLogEventsCommand({ logGroupIdentifier: '/aws/lambda/hello', logStreamName: STREAM_A, limit: 1 }));
    expect(tail.events?.map((e) => e.message)).toEqual(['[ERROR] boom']);
  });

  test('FilterLogEvents searches every stream of the group with a filter pattern, in time order', async () => {
    const starts = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: 'START' }));
    expect(starts.events?.map((e) => [e.logStreamName, e.timestamp])).toEqual([[STREAM_A, T0], [STREAM_B, T0 + 5]]);
    expect(starts.events?.[0].eventId).toMatch(/^\d+$/);
    expect(starts.searchedLogStreams?.map((s) => s.logStreamName)).toEqual([STREAM_A, STREAM_B]);

    const json = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: '{ $.status = 200 }' }));
    expect(json.events?.map((e) => e.message)).toEqual(['{"level":"INFO","status":200}']);
  });

  test('FilterLogEvents narrows by stream names and by time (startTime and endTime included)', async () => {
    const byStream = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', logStreamNames: [STREAM_B] }));
    expect(byStream.events?.map((e) => e.timestamp)).toEqual([T0 + 5, T0 + 20]);
    const byTime = await client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', startTime: T0 + 5, endTime: T0 + 10 }));
    expect(byTime.events?.map((e) => e.timestamp)).toEqual([T0 + 5, T0 + 10]);
  });

  test('an unknown log group raises ResourceNotFoundException', async () => {
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: 'nope' }))).rejects.toThrow(ResourceNotFoundException);
    await expect(client.send(new DescribeLogStreamsCommand({ logGroupName: 'nope' }))).rejects.toThrow('The specified log group does not exist.');
  });

  test('an unknown log stream raises ResourceNotFoundException', async () => {
    await expect(client.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/hello', logStreamName: 'nope' })))
      .rejects.toThrow('The specified log stream does not exist.');
  });

  test('an invalid filter pattern raises InvalidParameterException naming what is wrong', async () => {
    const call = client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: '{ $.status = 200' }));
    await expect(call).rejects.toThrow(InvalidParameterException);
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: '{ $.status = 200' })))
      .rejects.toThrow(/expected "\}"/);
  });

  test('a space-delimited pattern is answered as not supported, naming the patterns that are', async () => {
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: '[ip, user]' })))
      .rejects.toMatchObject({ name: 'NotSupported', message: expect.stringMatching(/^not supported: space-delimited filter pattern/) });
  });

  test('an operation the offline cloud does not answer says not supported and lists the ones it does', async () => {
    const response = await fetch(url, {
      method: 'POST', headers: { 'X-Amz-Target': 'Logs_20140328.PutLogEvents', 'Content-Type': 'application/x-amz-json-1.1' }, body: '{}',
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      __type: 'NotSupported',
      message: expect.stringMatching(/^not supported: CloudWatchLogs Logs_20140328\.PutLogEvents .*Logs_20140328\.FilterLogEvents/),
    });
  });
});

describe('the log store stays bounded', () => {
  test('a stream over its event cap drops its oldest events, keeping the latest in order', () => {
    const store = new LogStore(LOCATION);
    const total = LogStore.MAX_EVENTS_PER_STREAM + 5;
    for (let i = 0; i < total; i++) store.put('g', 's', `line ${i}`, T0 + i);
    const events = store.group('g')!.streams.get('s')!.events;
    expect(events.length).toBeLessThanOrEqual(LogStore.MAX_EVENTS_PER_STREAM);
    expect(events.length).toBeGreaterThanOrEqual(LogStore.MAX_EVENTS_PER_STREAM * 0.9);
    expect(events[events.length - 1].message).toBe(`line ${total - 1}`);
    expect(events[0].message).toBe(`line ${total - events.length}`);
  });

  test('a stream over its byte cap drops its oldest events', () => {
    const store = new LogStore(LOCATION);
    const line = 'x'.repeat(64 * 1024);
    const count = LogStore.MAX_BYTES_PER_STREAM / line.length + 3;
    for (let i = 0; i < count; i++) store.put('g', 's', line, T0 + i);
    const stream = store.group('g')!.streams.get('s')!;
    expect(stream.bytes).toBeLessThanOrEqual(LogStore.MAX_BYTES_PER_STREAM);
    expect(stream.bytes).toBe(stream.events.length * line.length);
  });

  test('a group over its stream cap drops the stream written to least recently', () => {
    const store = new LogStore(LOCATION);
    for (let i = 0; i <= LogStore.MAX_STREAMS_PER_GROUP; i++) store.put('g', `s${i}`, 'line', T0 + i);
    const streams = store.group('g')!.streams;
    expect(streams.size).toBe(LogStore.MAX_STREAMS_PER_GROUP);
    expect(streams.has(`s${LogStore.MAX_STREAMS_PER_GROUP}`)).toBe(true);
  });
});

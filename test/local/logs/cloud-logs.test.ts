import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { CLIENT_OPTIONS, DeployedApi, deployObservedApi } from '../deployed-api-fixture';
import { removeTempDirs, request } from '../local-cloud-support';

describe('what the offline cloud writes is in CloudWatch Logs', () => {
  let deployed: DeployedApi;
  let client: CloudWatchLogsClient;
  let startedAt: number;

  /** FilterLogEvents until it finds something: a line is stored once it is written, just after the answer. */
  async function filter(logGroupName: string, filterPattern: string): Promise<FilteredLogEvent[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const answer = await client.send(new FilterLogEventsCommand({ logGroupName, filterPattern }));
      if ((answer.events ?? []).length > 0) return answer.events!;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }

  beforeAll(async () => {
    deployed = await deployObservedApi();
    client = new CloudWatchLogsClient({ ...CLIENT_OPTIONS, endpoint: deployed.endpoints.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS });
    startedAt = Date.now();
    const answer = await request(`${deployed.url}observed-path`, { method: 'GET' });
    // No route GET /observed-path: API Gateway answers 404 itself, and logs it.
    expect(answer.status).toBe(404);
    expect((await request(deployed.url)).body).toBe('hi');
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await deployed?.cloud.stop();
    removeTempDirs();
  });

  test('each request\'s access log line is in the stage\'s access log group, in one stream per API and stage', async () => {
    const events = await filter(deployed.outputs.AccessLogGroup, '{ $.path = "/observed*" }');
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].message!)).toMatchObject({ httpMethod: 'GET', path: '/observed-path', status: '404' });
    expect(events[0].logStreamName).toBe(`${deployed.outputs.ApiId}_$default`);
    expect(events[0].timestamp).toBeGreaterThanOrEqual(startedAt);
  });

  test('the function\'s output and its START/END/REPORT lines are in its log group, in its execution environment\'s stream', async () => {
    const [handled] = await filter(deployed.outputs.FunctionLogGroup, '"handled /"');
    expect(handled.message).toBe('handled /');
    expect(handled.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const platform = await filter(deployed.outputs.FunctionLogGroup, '?START ?END ?REPORT');
    expect(platform.map((e) => e.message!.split(' ')[0])).toEqual(['START', 'END', 'REPORT']);
    expect(new Set(platform.map((e) => e.logStreamName))).toEqual(new Set([handled.logStreamName]));
    const streams = await client.send(new DescribeLogStreamsCommand({ logGroupName: deployed.outputs.FunctionLogGroup }));
    expect(streams.logStreams?.map((s) => s.logStreamName)).toEqual([handled.logStreamName]);
  });
});

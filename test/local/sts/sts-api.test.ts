import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceEndpoint } from '../../../src/local/service-endpoint';
import { stsApiEndpoint } from '../../../src/local/sts/sts-api';

describe('the STS API, called with the AWS SDK v3 client', () => {
  let endpoint: ServiceEndpoint;
  let url: string;
  let client: STSClient;

  beforeAll(async () => {
    endpoint = stsApiEndpoint({ partition: 'aws', accountId: '210987654321' });
    url = await endpoint.start();
    client = new STSClient({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await endpoint.close();
  });

  test('GetCallerIdentity answers with the offline cloud\'s account', async () => {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '210987654321', UserId: '210987654321', Arn: 'arn:aws:iam::210987654321:root' });
  });

  test('another STS action says not supported, in the query protocol\'s XML error shape', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
    expect(response.status).toBe(501);
    expect(await response.text()).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Receiver<\/Type><Code>NotSupported<\/Code><Message>not supported: STS AssumeRole in the offline cloud; it answers GetCallerIdentity<\/Message>/);
  });
});

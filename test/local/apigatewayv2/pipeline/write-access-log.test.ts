import * as http from 'http';
import { storedApi, storedStage } from './pipeline-fixtures';
import { newRequestRecord } from '../../../../src/local/apigatewayv2/pipeline/request-record';
import { writeAccessLog } from '../../../../src/local/apigatewayv2/pipeline/write-access-log';

// writeAccessLog reads the method, URL, protocol, user agent and peer address of the request.
const req = {
  method: 'POST', url: '/items?x=1', httpVersion: '1.1', headers: { 'user-agent': 'curl/8' }, socket: { remoteAddress: '::ffff:10.0.0.7' },
} as unknown as http.IncomingMessage;

const FORMAT = '$context.requestId $context.routeKey $context.status $context.responseLength $context.identity.sourceIp '
  + '$context.httpMethod $context.path $context.integrationStatus $context.error.message $context.authorizer.error';

describe('writeAccessLog', () => {
  test('one line in the stage\'s format, in its log group; unset variables are "-"', () => {
    const stage = storedStage('$default', {
      accessLog: { destinationArn: 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/apigw/access:*', format: FORMAT },
    });
    const record = { ...newRequestRecord(storedApi()), stage, routeKey: 'POST /items', integrationStatus: 200 };
    const lines: string[] = [];
    writeAccessLog({ log: (line) => lines.push(line) }, req, record,
      { status: 201, headers: [], body: Buffer.from('12345') });
    expect(lines).toEqual([`[/aws/apigw/access] ${record.requestId} POST /items 201 5 10.0.0.7 POST /items?x=1 200 - -`]);
  });

  test('refusals carry the gateway error and the authorizer\'s variables', () => {
    const stage = storedStage('$default', { accessLog: { destinationArn: 'arn:aws:logs:us-east-1:1:log-group:g', format: FORMAT } });
    const record = {
      ...newRequestRecord(storedApi()), stage, gatewayError: { status: 403, message: 'Forbidden' }, authorizerLog: { 'authorizer.error': 'denied' },
    };
    const lines: string[] = [];
    writeAccessLog({ log: (line) => lines.push(line) }, req, record, { status: 403, headers: [], body: Buffer.from('{}') });
    expect(lines[0]).toMatch(/^\[g\] \S+ - 403 2 10\.0\.0\.7 POST \/items\?x=1 - Forbidden denied$/);
  });

  test('no line without a stage or without access logging', () => {
    const lines: string[] = [];
    const log = { log: (line: string) => lines.push(line) };
    const response = { status: 404, headers: [], body: Buffer.from('{}') };
    writeAccessLog(log, req, newRequestRecord(storedApi()), response);
    writeAccessLog(log, req, { ...newRequestRecord(storedApi()), stage: storedStage('$default') }, response);
    expect(lines).toEqual([]);
  });
});

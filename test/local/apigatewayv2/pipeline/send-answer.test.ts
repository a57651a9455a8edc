import * as http from 'http';
import { storedApi, withServer } from './pipeline-fixtures';
import { ApiResponse } from '../../../../src/local/apigatewayv2/api-request';
import { CorsConfiguration } from '../../../../src/local/apigatewayv2/cors';
import { newRequestRecord } from '../../../../src/local/apigatewayv2/pipeline/request-record';
import { errorResponse, sendAnswer } from '../../../../src/local/apigatewayv2/pipeline/send-answer';

const cors: CorsConfiguration = {
  allowOrigins: ['https://app.example'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false,
};

/** Sends `answer` for a GET with these headers and returns what the client received. */
async function received(answer: ApiResponse, headers: http.OutgoingHttpHeaders, withCors = false) {
  let result!: { status: number; headers: http.IncomingHttpHeaders; body: string; requestId: string };
  const record = newRequestRecord(storedApi({ overrides: withCors ? { cors } : {} }));
  await withServer((req, res) => sendAnswer(req, res, record, answer), (port) => new Promise<void>((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        result = { status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), requestId: record.requestId };
        resolve();
      });
    });
  }));
  return result;
}

describe('sendAnswer', () => {
  test('content-length is what is sent, whatever the function said; apigw-requestid is the request id, shaped as AWS\'s', async () => {
    const got = await received({ status: 200, headers: [['content-length', '999'], ['x-a', '1']], body: Buffer.from('four') }, {});
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe('4');
    expect(got.headers['x-a']).toBe('1');
    expect(got.headers['apigw-requestid']).toBe(got.requestId);
    expect(got.requestId).toMatch(/^[A-Za-z0-9]{15}=$/);
  });

  test('an allowed origin gets the API\'s CORS headers; a request without Origin none', async () => {
    const answer: ApiResponse = { status: 200, headers: [], body: Buffer.from('x') };
    const cross = await received(answer, { origin: 'https://app.example' }, true);
    expect(cross.headers['access-control-allow-origin']).toBe('https://app.example');
    const same = await received(answer, {}, true);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('errorResponse', () => {
  test('API Gateway\'s JSON message with the error\'s status and extra headers', () => {
    const response = errorResponse({ status: 401, message: 'Unauthorized' }, [['www-authenticate', 'Bearer']]);
    expect(response.status).toBe(401);
    expect(response.headers).toEqual([['content-type', 'application/json'], ['www-authenticate', 'Bearer']]);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Unauthorized' });
  });
});

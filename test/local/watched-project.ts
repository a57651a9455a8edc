/** A CDK project for `serve --watch`, shared by its test and its benchmark. */
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './local-cloud-support';

/** A CDK app in plain JavaScript: its routes from routes.json, its function from the handler/ folder. */
export const WATCHED_APP = `
const fs = require('fs');
const cdk = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const lambda = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-lambda'))});
const apigwv2 = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2'))});
const { HttpLambdaIntegration } = require(${JSON.stringify(require.resolve('aws-cdk-lib/aws-apigatewayv2-integrations'))});

const app = new cdk.App();
const stack = new cdk.Stack(app, 'Watched');
const fn = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.PYTHON_3_12, handler: 'index.handler', code: lambda.Code.fromAsset('handler'),
});
const api = new apigwv2.HttpApi(stack, 'Api');
const integration = new HttpLambdaIntegration('Integration', fn);
for (const routePath of JSON.parse(fs.readFileSync('routes.json', 'utf-8'))) {
  api.addRoutes({ path: routePath, methods: [apigwv2.HttpMethod.GET], integration });
}
app.synth();
`;

/** The function's code: answers `answer` and the request's path. */
export const handlerSource = (answer: string) => `def handler(event, context):\n    return {"statusCode": 200, "body": ${JSON.stringify(answer)} + " " + event["rawPath"]}\n`;

/** A project folder with that app, routes.json `["/"]`, cdk.json (with a watch block) and the handler answering `v1`. */
export function watchedProject(): string {
  const dir = tempDir('graviton-watch-project-');
  fs.writeFileSync(path.join(dir, 'app.js'), WATCHED_APP);
  fs.writeFileSync(path.join(dir, 'routes.json'), JSON.stringify(['/']));
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js', watch: { include: ['**'], exclude: ['README.md'] } }));
  fs.mkdirSync(path.join(dir, 'handler'));
  fs.writeFileSync(path.join(dir, 'handler', 'index.py'), handlerSource('v1'));
  return dir;
}

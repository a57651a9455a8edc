/**
 * Synth cost and scale, side by side in one run: this construct (ROLE and RESOURCE_POLICY
 * modes), the same stack in plain L1 as the reference CloudFormation does it (CfnApi, CfnStage,
 * CfnIntegration with credentialsArn, a CfnRoute per route, the two roles), and aws-cdk's
 * HttpApi + HttpLambdaIntegration, with its default (a Lambda permission per route) and with
 * `scopePermissionToRoute: false` (one permission for the whole API). For each N: resources, Lambda permissions, resource-policy
 * bytes, template bytes, median synth ms, and each as a ratio to plain L1. Then the largest N
 * each approach reaches before a hard limit, and an SVG chart (bench/synth-scale.svg).
 *
 * Then the ratio that matters most, measured more precisely: at 100 routes, the construct with its
 * defaults (ROLE mode) against plain L1, RATIO_RUNS (31) runs of each alternating in this process
 * after a warm-up, each run timing the whole synth (new App + Stack + the stack's constructs +
 * app.synth()), median of each; between them the same plain L1 laid out as the construct lays it
 * out (under a construct, routes named by key), then with the construct's per-route cdk-nag
 * suppression, to show where the difference goes.
 *
 * Usage: npx projen bench:synth   (RUNS overrides the 5 synth runs per point, RATIO_RUNS the 31 ratio runs;
 *        RATIO_ONLY=1 prints the ratio alone)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, HttpLambdaIntegrationProps } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GravitonHttpLambdaApi, InvokePermissionMode } from '../src';
import { suppressNagRules } from '../src/private/nag-suppressions';
import { LAMBDA_POLICY_LIMIT_BYTES, lambdaPolicyBytes } from '../test/lambda-policy-size';

const SIZES = [1, 10, 50, 100, 200, 300];
const RUNS = Number(process.env.RUNS ?? 5);
const RATIO_RUNS = Number(process.env.RATIO_RUNS ?? 31);
const RATIO_N = 100;
const STACK_RESOURCE_LIMIT = 500;
const ROUTES_PER_API = 300;
const CODE = 'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}\n';

type Build = (stack: Stack, routeKeys: string[]) => void;

/** aws-cdk's L2 way: a Function, an HttpApi, one HttpLambdaIntegration shared by every route. */
function awsCdkHttpApi(stack: Stack, keys: string[], props: HttpLambdaIntegrationProps): void {
  const fn = new lambda.Function(stack, 'Function', {
    code: lambda.Code.fromInline(CODE), handler: 'index.lambda_handler', runtime: lambda.Runtime.PYTHON_3_14, architecture: lambda.Architecture.ARM_64,
  });
  const httpApi = new apigwv2.HttpApi(stack, 'HttpApi');
  const integration = new HttpLambdaIntegration('Integration', fn, props);
  for (const key of keys) {
    const [method, routePath] = key.split(' ');
    httpApi.addRoutes({ path: routePath, methods: [method as apigwv2.HttpMethod], integration });
  }
}

function routeKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `GET /items${i}/{id}`);
}

/**
 * The stack in plain L1 under `scope`. With `routeId`, each route's id and what else is done to it
 * (the breakdown below); without, the reference: routes `Route0`, `Route1`, ...
 */
function plainL1(scope: Construct, keys: string[], routeId?: (routeKey: string) => string, eachRoute?: (route: apigwv2.CfnRoute) => void): void {
  const role = new iam.CfnRole(scope, 'FunctionRole', {
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] },
    managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
  });
  const fn = new lambda.CfnFunction(scope, 'Function', {
    architectures: ['arm64'], code: { zipFile: CODE }, handler: 'index.lambda_handler', role: role.attrArn, runtime: 'python3.14',
  });
  const api = new apigwv2.CfnApi(scope, 'HttpApi', { name: 'Hello', protocolType: 'HTTP' });
  new apigwv2.CfnStage(scope, 'DefaultStage', { apiId: api.ref, stageName: '$default', autoDeploy: true });
  const invokeRole = new iam.CfnRole(scope, 'InvokeRole', {
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } }] },
    policies: [{ policyName: 'InvokeFunction', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: fn.attrArn }] } }],
  });
  const integration = new apigwv2.CfnIntegration(scope, 'Integration', {
    apiId: api.ref,
    integrationType: 'AWS_PROXY',
    integrationMethod: 'POST',
    connectionType: 'INTERNET',
    integrationUri: fn.attrArn,
    credentialsArn: invokeRole.attrArn,
    payloadFormatVersion: '2.0',
  });
  keys.forEach((routeKey, i) => {
    const route = new apigwv2.CfnRoute(scope, routeId ? routeId(routeKey) : `Route${i}`, { apiId: api.ref, routeKey, target: `integrations/${integration.ref}` });
    eachRoute?.(route);
  });
}

const APPROACHES: Record<string, Build> = {
  'plain L1 (reference)': (stack, keys) => plainL1(stack, keys),
  'GravitonHttpLambdaApi ROLE': (stack, keys) => {
    new GravitonHttpLambdaApi(stack, 'Hello', { code: lambda.Code.fromInline(CODE), handler: 'index.lambda_handler', routeKeys: keys });
  },
  'GravitonHttpLambdaApi RESOURCE_POLICY': (stack, keys) => {
    new GravitonHttpLambdaApi(stack, 'Hello', {
      code: lambda.Code.fromInline(CODE), handler: 'index.lambda_handler', routeKeys: keys, permissionMode: InvokePermissionMode.RESOURCE_POLICY,
    });
  },
  'aws-cdk HttpApi + HttpLambdaIntegration': (stack, keys) => awsCdkHttpApi(stack, keys, {}),
  // aws-cdk's own answer to the policy size: one API-wide permission instead of one per route.
  'aws-cdk HttpApi + HttpLambdaIntegration (scopePermissionToRoute: false)': (stack, keys) => awsCdkHttpApi(stack, keys, { scopePermissionToRoute: false }),
};

interface Point {
  readonly resources: number;
  readonly permissions: number;
  readonly policyBytes: number;
  /** `undefined` when the stack cannot be synthesized at all. */
  readonly templateBytes?: number;
  readonly synthMs?: number;
  /** The hard limit that stops this approach at this N, if any. */
  readonly limit?: string;
}

function measure(build: Build, n: number, runs: number): Point {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const times: number[] = [];
    let template: any;
    let limit: string | undefined;
    let synthesized = true;
    for (let run = 0; run < runs; run++) {
      const app = new App({ outdir, analyticsReporting: false });
      const stack = new Stack(app, 'Bench');
      const t0 = process.hrtime.bigint();
      try {
        build(stack, routeKeys(n));
        template = app.synth().getStackByName('Bench').template;
      } catch (error) {
        if (!/greater than allowed maximum of 500/.test((error as Error).message)) throw error;
        limit = `${STACK_RESOURCE_LIMIT} resources per stack`;
        synthesized = false;
        // Count what the stack would have held.
        const types = stack.node.findAll().map((c) => (c as any).cfnResourceType).filter((type) => type !== undefined);
        template = { Resources: Object.fromEntries(types.map((type, i) => [String(i), { Type: type }])) };
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const resources = Object.keys(template.Resources).length;
    const permissions = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Permission').length;
    const policyBytes = limit ? estimatePolicyBytes(permissions) : Math.max(0, ...Object.values(lambdaPolicyBytes(template)));
    if (!limit && policyBytes > LAMBDA_POLICY_LIMIT_BYTES) limit = `${LAMBDA_POLICY_LIMIT_BYTES}-byte Lambda policy`;
    if (!limit && n > ROUTES_PER_API) limit = `${ROUTES_PER_API} routes per API`;
    times.sort((a, b) => a - b);
    if (!synthesized) {
      return { resources, permissions, policyBytes, limit };
    }
    const templateBytes = Buffer.byteLength(JSON.stringify(template));
    return { resources, permissions, policyBytes, templateBytes, synthMs: times[Math.floor(times.length / 2)], limit };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

// When the stack cannot be synthesized, the per-statement size of a 100-route stack scales the estimate.
let bytesPerStatement = 0;
function estimatePolicyBytes(permissions: number): number {
  return Math.round(permissions * bytesPerStatement);
}

/** The largest N <= 300 an approach synthesizes within every hard limit, and the limit that stops it. */
function largestN(build: Build): { n: number; stoppedBy: string } {
  let low = 1;
  let high = ROUTES_PER_API;
  if (!measure(build, high, 1).limit) return { n: high, stoppedBy: `${ROUTES_PER_API} routes per API (quota)` };
  let stoppedBy = '';
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const point = measure(build, mid, 1);
    if (point.limit) {
      high = mid - 1;
      stoppedBy = point.limit;
    } else {
      low = mid;
    }
  }
  return { n: low, stoppedBy };
}

interface Timing {
  /** new App + Stack + the stack's constructs */
  readonly constructMs: number;
  /** app.synth() */
  readonly synthMs: number;
}

/** One whole synth, timed from `new App` to the end of `app.synth()`. */
function timeOnce(build: Build, keys: string[], outdir: string): Timing {
  const t0 = performance.now();
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new Stack(app, 'Bench');
  build(stack, keys);
  const t1 = performance.now();
  app.synth();
  return { constructMs: t1 - t0, synthMs: performance.now() - t1 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The 10th percentile: the runs least disturbed by the rest of a shared machine. */
const p10 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 10)];

/**
 * The construct's defaults (ROLE mode) against plain L1 at RATIO_N routes: warm-up, then RATIO_RUNS
 * runs of each, in turn (the order reversed every other round, so none always follows another).
 */
function ratioAt(n: number, runs: number): string {
  // Between the two, the same L1 as the construct lays it out, to see where the difference goes: under
  // a construct `Hello`, routes `Route <key>` (deeper paths, hashed logical ids), then with the
  // construct's cdk-nag suppression on each route (metadata and acknowledgement).
  const routeId = (routeKey: string) => `Route ${routeKey}`;
  const contenders: Array<[string, Build]> = [
    ['plain L1 (reference)', APPROACHES['plain L1 (reference)']],
    ['plain L1 under a construct, routes `Route <key>`', (stack, ks) => plainL1(new Construct(stack, 'Hello'), ks, routeId)],
    ['the same + the construct\'s per-route cdk-nag suppression', (stack, ks) => plainL1(new Construct(stack, 'Hello'), ks, routeId, (route) => suppressNagRules(route, [
      { id: 'AwsSolutions-APIG4', reason: 'Public by choice: RouteAuthorization.none(), the default; see the authorization prop.' },
    ]))],
    ['GravitonHttpLambdaApi ROLE (defaults)', APPROACHES['GravitonHttpLambdaApi ROLE']],
  ];
  const keys = routeKeys(n);
  const outdirs = contenders.map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-ratio-')));
  try {
    const timings: Timing[][] = contenders.map(() => []);
    for (let run = -5; run < runs; run++) {
      const order = contenders.map((_, i) => i);
      if (run % 2 !== 0) order.reverse();
      for (const i of order) {
        const timing = timeOnce(contenders[i][1], keys, outdirs[i]);
        if (run >= 0) timings[i].push(timing);
      }
    }
    const total = timings.map((ts) => median(ts.map((t) => t.constructMs + t.synthMs)));
    const fastest = timings.map((ts) => p10(ts.map((t) => t.constructMs + t.synthMs)));
    const last = contenders.length - 1;
    const lines = [
      `\nAt ${n} routes, ${runs} alternating runs of each after 5 warm-up runs, median ms of the whole synth (new App + Stack + constructs + app.synth()):`,
      '',
      '| approach | whole synth ms | of which App + Stack + constructs | of which app.synth() | / L1 | 10th percentile ms | / L1 |',
      '|---|---|---|---|---|---|---|',
      ...contenders.map(([name], i) => `| ${name} | ${total[i].toFixed(1)} | ${median(timings[i].map((t) => t.constructMs)).toFixed(1)} `
        + `| ${median(timings[i].map((t) => t.synthMs)).toFixed(1)} | ${(total[i] / total[0]).toFixed(2)} | ${fastest[i].toFixed(1)} | ${(fastest[i] / fastest[0]).toFixed(2)} |`),
      '',
      `**synth ratio at ${n} routes, GravitonHttpLambdaApi (defaults) / plain L1: ${(total[last] / total[0]).toFixed(2)}x** (medians; `
        + `${(fastest[last] / fastest[0]).toFixed(2)}x at the 10th percentile)`,
    ];
    return lines.join('\n');
  } finally {
    for (const outdir of outdirs) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function chart(results: Map<string, Map<number, Point>>): string {
  const width = 760;
  const height = 300;
  const margin = { left: 60, right: 20, top: 30, bottom: 40 };
  const colors = ['#555555', '#1f77b4', '#2ca02c', '#d62728', '#ff7f0e'];
  const panel = (title: string, value: (p: Point) => number, x0: number, panelWidth: number): string => {
    const max = Math.max(...[...results.values()].flatMap((points) => [...points.values()].map(value).filter((v) => !Number.isNaN(v))));
    const px = (n: number) => x0 + margin.left + (n / 300) * (panelWidth - margin.left - margin.right);
    const py = (v: number) => margin.top + (1 - v / max) * (height - margin.top - margin.bottom);
    const lines = [...results.entries()].map(([, points], i) => {
      const drawn = [...points.entries()].filter(([, p]) => !Number.isNaN(value(p)));
      const d = drawn.map(([n, p], j) => `${j === 0 ? 'M' : 'L'}${px(n).toFixed(1)},${py(value(p)).toFixed(1)}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2"/>`;
    }).join('');
    const axis = `<line x1="${px(0)}" y1="${py(0)}" x2="${px(300)}" y2="${py(0)}" stroke="#000"/><line x1="${px(0)}" y1="${py(0)}" x2="${px(0)}" y2="${py(max)}" stroke="#000"/>`;
    const ticks = [0, 100, 200, 300].map((n) => `<text x="${px(n)}" y="${py(0) + 15}" font-size="10" text-anchor="middle">${n}</text>`).join('')
      + [0, max / 2, max].map((v) => `<text x="${px(0) - 5}" y="${py(v) + 3}" font-size="10" text-anchor="end">${Math.round(v)}</text>`).join('');
    return `<text x="${x0 + panelWidth / 2}" y="18" font-size="13" text-anchor="middle">${title}</text>${axis}${ticks}${lines}`
      + `<text x="${x0 + panelWidth / 2}" y="${height - 8}" font-size="11" text-anchor="middle">routes (N)</text>`;
  };
  // Two legend entries a row: the approaches' names are long.
  const legendRows = Math.ceil(results.size / 2);
  const legend = [...results.keys()].map((name, i) => {
    const x = 20 + (i % 2) * 370;
    const y = height + 8 + Math.floor(i / 2) * 18;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${colors[i]}"/><text x="${x + 16}" y="${y + 10}" font-size="11">${name}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 12 + legendRows * 18}" font-family="sans-serif">`
    + '<rect width="100%" height="100%" fill="#fff"/>'
    + panel('CloudFormation resources', (p) => p.resources, 0, width / 2)
    + panel('synth time (ms, median)', (p) => p.synthMs ?? NaN, width / 2, width / 2)
    + legend + '</svg>\n';
}

function main(): void {
  const results = new Map<string, Map<number, Point>>();
  // Warm the module caches so the first point is not charged for loading aws-cdk-lib.
  for (const build of Object.values(APPROACHES)) measure(build, 1, 1);
  if (process.env.RATIO_ONLY) {
    console.log(ratioAt(RATIO_N, RATIO_RUNS));
    return;
  }
  bytesPerStatement = Math.max(...Object.values(lambdaPolicyBytes((() => {
    const app = new App({ analyticsReporting: false });
    const stack = new Stack(app, 'Bench');
    APPROACHES['aws-cdk HttpApi + HttpLambdaIntegration'](stack, routeKeys(100));
    return app.synth().getStackByName('Bench').template;
  })()))) / 100;

  for (const [name, build] of Object.entries(APPROACHES)) {
    results.set(name, new Map(SIZES.map((n) => [n, measure(build, n, RUNS)])));
  }
  const l1 = results.get('plain L1 (reference)')!;
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; median of ${RUNS} synth runs per point`);
  console.log('\n| approach | N | resources | Lambda permissions | policy bytes | template bytes | synth ms | resources / L1 | template / L1 | synth / L1 | hard limit hit |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, points] of results) {
    for (const [n, p] of points) {
      const base = l1.get(n)!;
      const ratio = (value: number | undefined, baseline: number | undefined) => (value === undefined || baseline === undefined ? 'n/a' : (value / baseline).toFixed(2));
      console.log(`| ${name} | ${n} | ${p.resources} | ${p.permissions} | ${p.policyBytes} | ${p.templateBytes ?? 'not synthesizable'} | ${p.synthMs?.toFixed(1) ?? 'n/a'} | `
        + `${ratio(p.resources, base.resources)} | ${ratio(p.templateBytes, base.templateBytes)} | ${ratio(p.synthMs, base.synthMs)} | ${p.limit ?? '-'} |`);
    }
  }
  console.log('\n| approach | largest N within the hard limits | stopped by |');
  console.log('|---|---|---|');
  for (const [name, build] of Object.entries(APPROACHES)) {
    const { n, stoppedBy } = largestN(build);
    console.log(`| ${name} | ${n} | ${stoppedBy} |`);
  }
  console.log(ratioAt(RATIO_N, RATIO_RUNS));
  const svgFile = path.join(__dirname, 'synth-scale.svg');
  fs.writeFileSync(svgFile, chart(results));
  console.log(`\nchart: ${path.relative(process.cwd(), svgFile)}`);
}

main();

import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src', 'local', 'cli.ts');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'integ-dynamodb');

describe('graviton-local integ with a DynamoDB table', () => {
  test('a Python function writes with the boto3 Lambda provides, and awsApiCall(\'DynamoDB\', \'getItem\') reads the item back', () => {
    // boto3 goes where the offline cloud keeps it (XDG_CACHE_HOME/graviton-local/boto3-<version>),
    // here node_modules/.cache: installed with pip on the first run, as a user's first serve does,
    // and dropped by npm ci (the pattern of test/local/frameworks/install-frameworks.sh).
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, 'integ', FIXTURES, '--filter', 'boto3-table'], {
      cwd: ROOT,
      encoding: 'utf-8',
      timeout: 240_000,
      env: { ...process.env, XDG_CACHE_HOME: path.join(ROOT, 'node_modules', '.cache') },
    });
    const lines = run.stdout.trim().split('\n');
    expect({ code: run.status, lines }).toEqual({
      code: 0,
      lines: [
        expect.stringMatching(/^PASS integ\.boto3-table\.ts HttpApiCall\w+$/),
        expect.stringMatching(/^PASS integ\.boto3-table\.ts AwsApiCallDynamoDBgetItem\w+$/),
        expect.stringMatching(/^PASS integ\.boto3-table\.ts AwsApiCallDynamoDBdescribeTimeToLive\w+$/),
        expect.stringMatching(/^TIME integ\.boto3-table\.ts [\d.]+ s \(3 passed, 0 failed\)$/),
        '3 passed, 0 failed',
      ],
    });
  }, 300_000);
});

import * as fs from 'fs';
import * as path from 'path';
import {
  IamCredentialsError, environmentCredential, knownCredentials, readIamCredentialsFile,
} from '../../../../src/local/apigatewayv2/authorization/iam-credentials';
import { removeTempDirs, tempDir } from '../../local-cloud-support';

afterAll(removeTempDirs);

/** A credentials file holding `content` (JSON.stringify'd unless a string). */
function credentialsFile(content: unknown): string {
  const file = path.join(tempDir(), 'credentials.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const ROLE = 'arn:aws:iam::123456789012:role/Caller';

test('a file lists access keys with their secret, optional session token and identity', () => {
  const file = credentialsFile([
    { accessKeyId: 'AKIAONE', secretAccessKey: 'secret-1', arn: ROLE },
    { accessKeyId: 'ASIATWO', secretAccessKey: 'secret-2', sessionToken: 'token', arn: 'arn:aws:sts::123456789012:assumed-role/Caller/me' },
    { accessKeyId: 'AKIATHREE', secretAccessKey: 'secret-3' },
  ]);
  expect(readIamCredentialsFile(file)).toEqual([
    { accessKeyId: 'AKIAONE', secretAccessKey: 'secret-1', arn: ROLE, from: `--iam-credentials ${file} entry 1` },
    {
      accessKeyId: 'ASIATWO',
      secretAccessKey: 'secret-2',
      sessionToken: 'token',
      arn: 'arn:aws:sts::123456789012:assumed-role/Caller/me',
      from: `--iam-credentials ${file} entry 2`,
    },
    { accessKeyId: 'AKIATHREE', secretAccessKey: 'secret-3', from: `--iam-credentials ${file} entry 3` },
  ]);
});

test.each([
  ['not JSON', 'accessKeyId=AKIA', 'it must be a JSON file: [{"accessKeyId"'],
  ['an object instead of a list', { accessKeyId: 'AKIA', secretAccessKey: 's' }, 'not a JSON list'],
  ['an entry without a secret', [{ accessKeyId: 'AKIA' }], 'entry 1 has no secretAccessKey'],
  ['an entry without an access key id', [{ secretAccessKey: 's' }], 'entry 1 has no accessKeyId'],
  ['a misspelt field', [{ accessKeyId: 'AKIA', secretAccessKey: 's', Arn: ROLE }], 'entry 1 has unknown field "Arn"; the fields are accessKeyId'],
  ['an ARN that is no identity', [{ accessKeyId: 'AKIA', secretAccessKey: 's', arn: 'arn:aws:s3:::bucket' }], 'is not the ARN of an IAM role, user or STS assumed role'],
  ['an access key listed twice', [{ accessKeyId: 'AKIA', secretAccessKey: 's' }, { accessKeyId: 'AKIA', secretAccessKey: 't' }], 'AKIA is listed twice'],
])('a file with %s is refused, saying what is wrong and what is accepted', (_name, content, message) => {
  const file = credentialsFile(content);
  expect(() => readIamCredentialsFile(file)).toThrow(IamCredentialsError);
  expect(() => readIamCredentialsFile(file)).toThrow(message);
});

test('a missing file is refused, naming it', () => {
  expect(() => readIamCredentialsFile('/nonexistent/credentials.json')).toThrow('--iam-credentials /nonexistent/credentials.json: ENOENT');
});

test('the environment\'s credentials are known, without an identity, when both key variables are set', () => {
  expect(environmentCredential({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret', AWS_SESSION_TOKEN: 'env-token' }))
    .toEqual({ accessKeyId: 'AKIAENV', secretAccessKey: 'env-secret', sessionToken: 'env-token', from: 'the environment (AWS_ACCESS_KEY_ID)' });
  expect(environmentCredential({ AWS_ACCESS_KEY_ID: 'AKIAENV' })).toBeUndefined();
  expect(environmentCredential({})).toBeUndefined();
});

test('the file\'s keys come first; the environment\'s key is added unless the file names it (with an identity)', () => {
  const file = credentialsFile([{ accessKeyId: 'AKIAONE', secretAccessKey: 'secret-1', arn: ROLE }]);
  expect(knownCredentials(file, { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'env-secret' }).map((c) => c.accessKeyId))
    .toEqual(['AKIAONE', 'AKIAENV']);
  expect(knownCredentials(file, { AWS_ACCESS_KEY_ID: 'AKIAONE', AWS_SECRET_ACCESS_KEY: 'env-secret' }))
    .toEqual([expect.objectContaining({ accessKeyId: 'AKIAONE', arn: ROLE })]);
  expect(knownCredentials(undefined, {})).toEqual([]);
});

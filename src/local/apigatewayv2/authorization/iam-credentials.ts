import * as fs from 'fs';

/**
 * The AWS credentials the offline cloud knows, so that it can verify the SigV4 signatures of
 * requests to AWS_IAM routes as API Gateway does with the keys IAM knows: those of an
 * `--iam-credentials <file>`, and the serve process's own (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`). A request signed with any other key is refused.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 */

/** One access key the offline cloud knows, and whose it is. */
export interface KnownCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials: the session token requests must carry (`X-Amz-Security-Token`). */
  readonly sessionToken?: string;
  /**
   * The identity the key belongs to: an IAM role (`arn:aws:iam::<account>:role/<name>`), an STS
   * assumed role (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) or an IAM user
   * (`arn:aws:iam::<account>:user/<name>`). Undefined for the environment's credentials, whose
   * identity the offline cloud cannot ask STS for.
   */
  readonly arn?: string;
  /** Where the key was given, for log lines: `<file> entry 1`, or `the environment (AWS_ACCESS_KEY_ID)`. */
  readonly from: string;
}

/** A credentials file (or environment) the offline cloud cannot use; the message says what is wrong and what is accepted. */
export class IamCredentialsError extends Error {}

/** The format `--iam-credentials` takes, for error messages and the usage text. */
export const IAM_CREDENTIALS_FORMAT = '[{"accessKeyId": "...", "secretAccessKey": "...", "sessionToken": "... (optional)", '
  + '"arn": "arn:aws:iam::<account>:role/<name> (optional)"}]';

const FIELDS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken', 'arn']);
// The identities IAM authorization knows: roles, assumed roles (temporary credentials) and users.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
const IDENTITY_ARN = /^arn:aws[a-z-]*:(iam::\d{12}:(role|user)\/.+|sts::\d{12}:assumed-role\/[^/]+\/.+)$/;

/** An access key id as it appears in a credential scope: not empty, no `/` (the scope's separator), no spaces. */
function accessKeyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'has no accessKeyId (a non-empty string)';
  return /^[^/\s]+$/.test(value) ? undefined : `accessKeyId ${JSON.stringify(value)} has a "/" or a space, which no access key id has`;
}

function entryOf(value: unknown, where: string): KnownCredential {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new IamCredentialsError(`${where} is not an object; each entry is {"accessKeyId", "secretAccessKey", "sessionToken"?, "arn"?}`);
  }
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    throw new IamCredentialsError(`${where} has unknown field ${unknown.map((key) => JSON.stringify(key)).join(', ')}; `
      + 'the fields are accessKeyId, secretAccessKey, sessionToken (optional) and arn (optional)');
  }
  const keyProblem = accessKeyProblem(entry.accessKeyId);
  if (keyProblem) throw new IamCredentialsError(`${where} ${keyProblem}`);
  if (typeof entry.secretAccessKey !== 'string' || entry.secretAccessKey === '') {
    throw new IamCredentialsError(`${where} has no secretAccessKey (a non-empty string)`);
  }
  if (entry.sessionToken !== undefined && (typeof entry.sessionToken !== 'string' || entry.sessionToken === '')) {
    throw new IamCredentialsError(`${where}: sessionToken must be a non-empty string when given`);
  }
  if (entry.arn !== undefined && (typeof entry.arn !== 'string' || !IDENTITY_ARN.test(entry.arn))) {
    throw new IamCredentialsError(`${where}: arn ${JSON.stringify(entry.arn)} is not the ARN of an IAM role, user or STS assumed role `
      + '(arn:aws:iam::<account>:role/<name>, arn:aws:iam::<account>:user/<name>, arn:aws:sts::<account>:assumed-role/<role>/<session>)');
  }
  return {
    accessKeyId: entry.accessKeyId as string,
    secretAccessKey: entry.secretAccessKey,
    sessionToken: entry.sessionToken as string | undefined,
    arn: entry.arn as string | undefined,
    from: where,
  };
}

/** The credentials of an `--iam-credentials` file: a JSON list of entries (IAM_CREDENTIALS_FORMAT). */
export function readIamCredentialsFile(file: string): KnownCredential[] {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (error) {
    throw new IamCredentialsError(`--iam-credentials ${file}: ${(error as Error).message}; it must be a JSON file: ${IAM_CREDENTIALS_FORMAT}`);
  }
  if (!Array.isArray(value)) {
    throw new IamCredentialsError(`--iam-credentials ${file}: not a JSON list; it must be ${IAM_CREDENTIALS_FORMAT}`);
  }
  const credentials = value.map((entry, i) => entryOf(entry, `--iam-credentials ${file} entry ${i + 1}`));
  const seen = new Set<string>();
  for (const credential of credentials) {
    if (seen.has(credential.accessKeyId)) {
      throw new IamCredentialsError(`${credential.from}: accessKeyId ${credential.accessKeyId} is listed twice; an access key belongs to one identity`);
    }
    seen.add(credential.accessKeyId);
  }
  return credentials;
}

/**
 * The process's own credentials, as the AWS SDKs read them from the environment: both
 * `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with `AWS_SESSION_TOKEN` when set.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html
 */
export function environmentCredential(environment: NodeJS.ProcessEnv): KnownCredential | undefined {
  const accessKeyId = environment.AWS_ACCESS_KEY_ID;
  const secretAccessKey = environment.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = environment.AWS_SESSION_TOKEN || undefined;
  return { accessKeyId, secretAccessKey, sessionToken, from: 'the environment (AWS_ACCESS_KEY_ID)' };
}

/**
 * Every key the offline cloud knows: the file's, then the environment's (unless the file lists
 * the same key, with the identity the file names).
 */
export function knownCredentials(file: string | undefined, environment: NodeJS.ProcessEnv): KnownCredential[] {
  const listed = file === undefined ? [] : readIamCredentialsFile(file);
  const own = environmentCredential(environment);
  return own && !listed.some((credential) => credential.accessKeyId === own.accessKeyId) ? [...listed, own] : listed;
}

import { PolicyStatement } from '../iam/policy-document';

/**
 * The largest resource-based policy Lambda stores for a function, in bytes.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const POLICY_SIZE_LIMIT_BYTES = 20_480;

/** Why a statement was not added, with Lambda's own error code and message. */
export class PolicyRejection extends Error {
  constructor(readonly errorCode: 'PolicyLengthExceededException' | 'ResourceConflictException', message: string) {
    super(message);
    this.name = errorCode;
  }
}

/** A function's resource-based policy, one statement per permission, as Lambda stores it. */
export class ResourcePolicy {
  private readonly list: PolicyStatement[] = [];

  /** The statements, in the order they were added. */
  get statements(): readonly PolicyStatement[] {
    return this.list;
  }

  /** The policy document as `GetPolicy` returns it (and as Lambda measures it against the limit). */
  document(statements: readonly PolicyStatement[] = this.list): { Version: string; Id: string; Statement: PolicyStatement[] } {
    return { Version: '2012-10-17', Id: 'default', Statement: [...statements] };
  }

  /**
   * Adds a statement, or throws a PolicyRejection when its Sid is taken or the policy would
   * outgrow the limit (PolicyLengthExceededException).
   * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html#API_AddPermission_Errors
   */
  add(statement: PolicyStatement): void {
    if (this.list.some((existing) => existing.Sid === statement.Sid)) {
      throw new PolicyRejection('ResourceConflictException',
        `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    const size = Buffer.byteLength(JSON.stringify(this.document([...this.list, statement])));
    if (size > POLICY_SIZE_LIMIT_BYTES) {
      throw new PolicyRejection('PolicyLengthExceededException', `The final policy size (${size}) is bigger than the limit (${POLICY_SIZE_LIMIT_BYTES}).`);
    }
    this.list.push(statement);
  }
}

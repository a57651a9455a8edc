import { LambdaFunctionConfig } from './function-config';
import { ResourcePolicy } from './resource-policy';

/** Where the functions live: the partition, Region and account of their ARNs. */
export interface FunctionLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** A `FunctionName` parameter taken apart: the name, its qualifier, and the ARN it designates. */
export interface FunctionReference {
  readonly name: string;
  /** The version or alias after the name (`fn:alias`, `arn:...:function:fn:3`). */
  readonly qualifier?: string;
  /** The (qualified) ARN the reference designates, as Lambda names it in "Function not found". */
  readonly arn: string;
  /** False when an ARN names another partition, Region or account than this offline cloud. */
  readonly local: boolean;
}

/** A deployed function and its resource-based policy. */
export interface RegisteredFunction {
  readonly config: LambdaFunctionConfig;
  readonly policy: ResourcePolicy;
}

/** The deployed functions, found by name, ARN or partial ARN as every Lambda API accepts them. */
export class FunctionRegistry {
  private readonly functions = new Map<string, RegisteredFunction>();

  constructor(private readonly location: FunctionLocation) {}

  /** The unqualified (or qualified) ARN of a function name in this offline cloud. */
  arnOf(name: string, qualifier?: string): string {
    const { partition, region, accountId } = this.location;
    return `arn:${partition}:lambda:${region}:${accountId}:function:${name}${qualifier !== undefined ? `:${qualifier}` : ''}`;
  }

  /**
   * Parses a function name (`fn`, `fn:alias`), ARN (`arn:aws:lambda:region:account:function:fn`)
   * or partial ARN (`account:function:fn`); undefined when it is none of these.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
   */
  parse(reference: string): FunctionReference | undefined {
    const { partition, region, accountId } = this.location;
    const arn = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (arn) {
      const local = arn[1] === partition && arn[2] === region && arn[3] === accountId;
      return { name: arn[4], qualifier: arn[5], arn: reference, local };
    }
    const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (partial) {
      return { name: partial[2], qualifier: partial[3], arn: `arn:${partition}:lambda:${region}:${reference}`, local: partial[1] === accountId };
    }
    const name = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (name) {
      return { name: name[1], qualifier: name[2], arn: this.arnOf(name[1], name[2]), local: true };
    }
    return undefined;
  }

  /** The function a reference designates, ignoring any qualifier; undefined when not deployed here. */
  find(reference: string): RegisteredFunction | undefined {
    const parsed = this.parse(reference);
    return parsed?.local ? this.functions.get(parsed.name) : undefined;
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  add(config: LambdaFunctionConfig): RegisteredFunction {
    const registered = { config, policy: new ResourcePolicy() };
    this.functions.set(config.name, registered);
    return registered;
  }

  all(): RegisteredFunction[] {
    return [...this.functions.values()];
  }
}

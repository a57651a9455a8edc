import { LambdaFunctionConfig } from './function-config';
import { ResourcePolicy } from './resource-policy';

/** Where a function lives: the partition, Region and account of its ARN. */
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
  /** Whether the reference names a partition, Region or account (an ARN or partial ARN), not only a name. */
  readonly located: boolean;
}

/** A deployed function and its resource-based policy. */
export interface RegisteredFunction {
  readonly config: LambdaFunctionConfig;
  readonly policy: ResourcePolicy;
}

/**
 * The deployed functions, found by name, ARN or partial ARN as every Lambda API accepts them.
 * Each function lives in the account and Region of its stack; names are unique across them.
 */
export class FunctionRegistry {
  private readonly functions = new Map<string, RegisteredFunction>();

  /** @param location where a name alone or a partial ARN points (the offline cloud's default account and Region) */
  constructor(private readonly location: FunctionLocation) {}

  /** The unqualified (or qualified) ARN of a function name, in `location` (by default the default one). */
  arnOf(name: string, qualifier?: string, location: FunctionLocation = this.location): string {
    const { partition, region, accountId } = location;
    return `arn:${partition}:lambda:${region}:${accountId}:function:${name}${qualifier !== undefined ? `:${qualifier}` : ''}`;
  }

  /**
   * Parses a function name (`fn`, `fn:alias`), ARN (`arn:aws:lambda:region:account:function:fn`)
   * or partial ARN (`account:function:fn`); undefined when it is none of these.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
   */
  parse(reference: string): FunctionReference | undefined {
    const { partition, region } = this.location;
    const arn = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (arn) {
      return { name: arn[4], qualifier: arn[5], arn: reference, located: true };
    }
    const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (partial) {
      return { name: partial[2], qualifier: partial[3], arn: `arn:${partition}:lambda:${region}:${reference}`, located: true };
    }
    const name = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(reference);
    if (name) {
      // A name alone designates the function of that name, wherever its stack deployed it.
      const found = this.functions.get(name[1]);
      const designated = found ? withQualifier(found.config.arn, name[2]) : this.arnOf(name[1], name[2]);
      return { name: name[1], qualifier: name[2], arn: designated, located: false };
    }
    return undefined;
  }

  /**
   * The function a reference designates, ignoring any qualifier; undefined when not deployed here.
   * An ARN must name the function's own partition, Region and account.
   */
  find(reference: string): RegisteredFunction | undefined {
    const parsed = this.parse(reference);
    const found = parsed ? this.functions.get(parsed.name) : undefined;
    if (!parsed || !found) return undefined;
    return !parsed.located || withQualifier(parsed.arn, undefined, parsed.qualifier) === found.config.arn ? found : undefined;
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

/** `arn` with `qualifier` appended, after removing `removed` (its current qualifier) if given. */
function withQualifier(arn: string, qualifier?: string, removed?: string): string {
  const unqualified = removed !== undefined ? arn.slice(0, -(removed.length + 1)) : arn;
  return qualifier !== undefined ? `${unqualified}:${qualifier}` : unqualified;
}

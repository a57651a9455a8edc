import { LambdaFunctionConfig } from './function-config';
import { lambdaDeployError } from './lambda-errors';
import { ResourcePolicy } from './resource-policy';
import { DeployError } from '../cloudformation/resource-provider';

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

/** A deployed function and its resource-based policy, with its published versions and aliases. */
export interface RegisteredFunction {
  /** The function's `$LATEST` configuration. */
  readonly config: LambdaFunctionConfig;
  /** The policy of the unqualified function ARN (and `:$LATEST`). */
  readonly policy: ResourcePolicy;
  /** Published versions by number ("1", "2", ...). */
  readonly versions: Map<string, PublishedVersion>;
  /** Aliases by name. */
  readonly aliases: Map<string, FunctionAlias>;
}

/**
 * A published version: a snapshot of the function's configuration, with its own resource policy
 * (a permission on the function does not cover the version's ARN, nor the reverse).
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
export interface PublishedVersion {
  readonly config: LambdaFunctionConfig;
  readonly arn: string;
  readonly policy: ResourcePolicy;
}

/**
 * An alias: a name for a version, and optionally a second version that receives a share of the
 * invocations (`RoutingConfig`). Its resource policy is its own.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
 */
export interface FunctionAlias {
  readonly name: string;
  readonly arn: string;
  /** The version it points to (`$LATEST` or a number). */
  readonly functionVersion: string;
  /** The second version and the share of invocations (0 to 1) it gets. */
  readonly additionalVersion?: { readonly version: string; readonly weight: number };
  readonly policy: ResourcePolicy;
}

/** What a qualifier (or none) designates: the configuration that runs and the policy that guards it. */
export interface QualifiedTarget {
  readonly registered: RegisteredFunction;
  /** The ARN as invoked (qualified when a qualifier was given): the function's `invoked_function_arn`. */
  readonly invokedArn: string;
  readonly policy: ResourcePolicy;
  /** The alias, when the qualifier names one (its version is picked per invocation). */
  readonly alias?: FunctionAlias;
  /** The configuration that runs, when the qualifier names no alias (`$LATEST` or a version). */
  readonly config?: LambdaFunctionConfig;
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

  /**
   * The version, alias or `$LATEST` a reference and an Invoke `Qualifier` designate; undefined when
   * the function or the qualifier does not exist. A qualifier in the reference wins (the caller
   * checks that the two agree).
   */
  qualified(reference: string, qualifier?: string): QualifiedTarget | undefined {
    const registered = this.find(reference);
    const parsed = this.parse(reference);
    if (!registered || !parsed) return undefined;
    const effective = parsed.qualifier ?? qualifier;
    const { config } = registered;
    if (effective === undefined) return { registered, invokedArn: config.arn, policy: registered.policy, config };
    const invokedArn = `${config.arn}:${effective}`;
    // An unqualified ARN maps to $LATEST; Lambda stores no policy for $LATEST apart from the function's.
    if (effective === '$LATEST') return { registered, invokedArn, policy: registered.policy, config };
    const version = registered.versions.get(effective);
    if (version) return { registered, invokedArn, policy: version.policy, config: version.config };
    const alias = registered.aliases.get(effective);
    if (alias) return { registered, invokedArn, policy: alias.policy, alias };
    return undefined;
  }

  /**
   * The function a resource's `FunctionName` names, unqualified, for a deploy: a DeployError
   * worded as CloudFormation reports Lambda's when it is malformed, qualified or not deployed.
   */
  deployed(functionName: unknown, logicalId: string): RegisteredFunction {
    if (functionName === undefined) throw new DeployError(`${logicalId}: FunctionName is required`);
    const reference = this.parse(String(functionName));
    if (!reference) throw new DeployError(`${logicalId}: FunctionName "${functionName}" is not a function name, ARN or partial ARN`);
    if (reference.qualifier !== undefined) {
      throw new DeployError(`${logicalId}: FunctionName "${functionName}" must name the function without a version or alias`);
    }
    const found = this.find(String(functionName));
    if (!found) throw lambdaDeployError(logicalId, 'ResourceNotFoundException', 404, `Function not found: ${reference.arn}`);
    return found;
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  add(config: LambdaFunctionConfig): RegisteredFunction {
    const registered = { config, policy: new ResourcePolicy(), versions: new Map(), aliases: new Map() };
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

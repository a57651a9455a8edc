import { randomBytes } from 'crypto';
import { managedPolicyStatements } from './managed-policies';
import { PolicyDocument, PolicyStatement } from './policy-document';
import { AuthorizationRequest, Decision, evaluate } from './policy-evaluation';
import { generatedName } from '../cloudformation/physical-name';
import { DeployError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

/** A role as the offline cloud keeps it: its trust policy and every permission policy attached to it. */
interface StoredRole {
  readonly name: string;
  readonly arn: string;
  readonly trust: PolicyStatement[];
  /** Inline policies and AWS::IAM::Policy documents, by policy name. */
  readonly inline: Map<string, PolicyStatement[]>;
  readonly managedPolicyArns: string[];
}

function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  if (!document?.Statement) {
    return [];
  }
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/**
 * IAM in the offline cloud: roles, inline and managed policies, and the evaluation API Gateway
 * does before it invokes a function with an integration's credentials.
 */
export class IamService {
  private readonly roles = new Map<string, StoredRole>();
  private readonly customerManagedPolicies = new Map<string, PolicyStatement[]>();

  /** `AWS::IAM::Role`: Ref = role name, GetAtt Arn / RoleId. */
  public readonly roleProvider: ResourceProvider = {
    create: async (request) => this.createRole(request),
  };

  /** `AWS::IAM::Policy`: an inline policy attached to the named roles. Ref = policy name. */
  public readonly policyProvider: ResourceProvider = {
    create: async (request) => this.createPolicy(request),
  };

  /** `AWS::IAM::ManagedPolicy`: a customer managed policy, attached to the named roles. Ref = its ARN. */
  public readonly managedPolicyProvider: ResourceProvider = {
    create: async (request) => this.createManagedPolicy(request),
  };

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** Whether the role trusts `service` to assume it (`sts:AssumeRole`). */
  public canAssume(roleArn: string, service: string): boolean {
    const role = this.roles.get(roleArn);
    if (!role) {
      return false;
    }
    return evaluate(role.trust, { action: 'sts:AssumeRole', resource: roleArn, principal: { Service: service } }) === 'Allow';
  }

  /** Evaluates the role's permission policies (inline, attached and managed) for one request. */
  public authorize(roleArn: string, request: AuthorizationRequest): Decision {
    const role = this.roles.get(roleArn);
    if (!role) {
      return 'ImplicitDeny';
    }
    const statements = [...role.inline.values()].flat();
    for (const policyArn of role.managedPolicyArns) {
      const managed = this.customerManagedPolicies.get(policyArn) ?? managedPolicyStatements(policyArn);
      if (managed) {
        statements.push(...managed);
      } else {
        this.log(`[iam] managed policy ${policyArn} on ${role.name} is not known to the offline cloud; treated as granting nothing`);
      }
    }
    return evaluate(statements, request);
  }

  /** Whether a role with this ARN exists. */
  public hasRole(roleArn: string): boolean {
    return this.roles.has(roleArn);
  }

  private createRole(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const name: string = p.RoleName ?? generatedName(request.stackName, request.logicalId, 64);
    const path: string = p.Path ?? '/';
    const { partition, accountId } = request.environment;
    const arn = `arn:${partition}:iam::${accountId}:role${path}${name}`;
    if (!p.AssumeRolePolicyDocument) {
      throw new DeployError('Property AssumeRolePolicyDocument cannot be empty.');
    }
    const inline = new Map<string, PolicyStatement[]>();
    for (const policy of p.Policies ?? []) {
      inline.set(policy.PolicyName, statementsOf(policy.PolicyDocument));
    }
    this.roles.set(arn, {
      name,
      arn,
      trust: statementsOf(p.AssumeRolePolicyDocument),
      inline,
      managedPolicyArns: [...(p.ManagedPolicyArns ?? [])],
    });
    return { ref: name, attributes: { Arn: arn, RoleId: `AROA${randomBytes(8).toString('hex').toUpperCase()}` } };
  }

  private rolesNamed(names: string[] | undefined): StoredRole[] {
    return (names ?? []).map((name) => {
      const role = [...this.roles.values()].find((r) => r.name === name || r.arn === name);
      if (!role) {
        throw new DeployError(`The role with name ${name} cannot be found.`);
      }
      return role;
    });
  }

  private createPolicy(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const statements = statementsOf(p.PolicyDocument);
    for (const role of this.rolesNamed(p.Roles)) {
      role.inline.set(p.PolicyName, statements);
    }
    return { ref: p.PolicyName, attributes: {} };
  }

  private createManagedPolicy(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const name: string = p.ManagedPolicyName ?? generatedName(request.stackName, request.logicalId, 128);
    const { partition, accountId } = request.environment;
    const arn = `arn:${partition}:iam::${accountId}:policy${p.Path ?? '/'}${name}`;
    this.customerManagedPolicies.set(arn, statementsOf(p.PolicyDocument));
    for (const role of this.rolesNamed(p.Roles)) {
      role.managedPolicyArns.push(arn);
    }
    return { ref: arn, attributes: { PolicyArn: arn } };
  }
}

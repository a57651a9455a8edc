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
  readonly description: RoleDescription;
  /** The inline policies' documents as written, by policy name (GetRolePolicy). */
  readonly inlineDocuments: Map<string, PolicyDocument>;
}

/** What GetRole tells about a role. https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html */
export interface RoleDescription {
  readonly path: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly arn: string;
  readonly createDate: Date;
  readonly assumeRolePolicyDocument: PolicyDocument;
  readonly description?: string;
  readonly maxSessionDuration: number;
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

  /** A role by name; undefined when there is none. */
  public role(roleName: string): RoleDescription | undefined {
    return this.roleNamed(roleName)?.description;
  }

  /** A role's inline policy documents by policy name; undefined when there is no such role. */
  public rolePolicies(roleName: string): ReadonlyMap<string, PolicyDocument> | undefined {
    return this.roleNamed(roleName)?.inlineDocuments;
  }

  /** The ARNs of the managed policies attached to a role; undefined when there is no such role. */
  public attachedPolicyArns(roleName: string): readonly string[] | undefined {
    return this.roleNamed(roleName)?.managedPolicyArns;
  }

  private roleNamed(roleName: string): StoredRole | undefined {
    return [...this.roles.values()].find((role) => role.name === roleName);
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
    const inlineDocuments = new Map<string, PolicyDocument>();
    for (const policy of p.Policies ?? []) {
      inline.set(policy.PolicyName, statementsOf(policy.PolicyDocument));
      inlineDocuments.set(policy.PolicyName, policy.PolicyDocument);
    }
    const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.roles.set(arn, {
      name,
      arn,
      trust: statementsOf(p.AssumeRolePolicyDocument),
      inline,
      inlineDocuments,
      managedPolicyArns: [...(p.ManagedPolicyArns ?? [])],
      description: {
        path,
        roleName: name,
        roleId,
        arn,
        createDate: new Date(),
        assumeRolePolicyDocument: p.AssumeRolePolicyDocument,
        description: p.Description,
        maxSessionDuration: p.MaxSessionDuration !== undefined ? Number(p.MaxSessionDuration) : 3600,
      },
    });
    return { ref: name, attributes: { Arn: arn, RoleId: roleId } };
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
      role.inlineDocuments.set(p.PolicyName, p.PolicyDocument);
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

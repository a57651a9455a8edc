import { ResourceProvider } from './resource-provider';

/** The key custom resources are dispatched to, whatever their `Custom::<Name>` type. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html
export const CUSTOM_RESOURCE_TYPE = 'AWS::CloudFormation::CustomResource';

/** True for `AWS::CloudFormation::CustomResource` and `Custom::<Name>`. */
export function isCustomResourceType(type: string): boolean {
  return type === CUSTOM_RESOURCE_TYPE || type.startsWith('Custom::');
}

/** The provider of each resource type the offline cloud can create. */
export class ProviderRegistry {
  private readonly providers = new Map<string, ResourceProvider>();

  /** Registers `provider` for `type` (e.g. `AWS::Lambda::Function`, or `CUSTOM_RESOURCE_TYPE`), replacing any other. */
  register(type: string, provider: ResourceProvider): this {
    this.providers.set(type, provider);
    return this;
  }

  /**
   * The provider for `type`: the one registered under that exact type, else, for a custom
   * resource type, the one registered under `CUSTOM_RESOURCE_TYPE`.
   */
  get(type: string): ResourceProvider | undefined {
    return this.providers.get(type) ?? (isCustomResourceType(type) ? this.providers.get(CUSTOM_RESOURCE_TYPE) : undefined);
  }

  /** The types registered, in registration order. */
  types(): string[] {
    return [...this.providers.keys()];
  }
}

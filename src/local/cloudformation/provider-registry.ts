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
  private fallbackProvider?: ResourceProvider;
  private refusalHint?: string;

  /** Registers `provider` for `type` (e.g. `AWS::Lambda::Function`, or `CUSTOM_RESOURCE_TYPE`), replacing any other. */
  register(type: string, provider: ResourceProvider): this {
    this.providers.set(type, provider);
    return this;
  }

  /**
   * The provider of every type nobody registered (the placeholders), or none: then such a type
   * fails the deploy with `not supported: <type>`, followed by `refusalHint` when given. A
   * provider registered for a type, before or after, always wins over the fallback.
   */
  fallback(provider: ResourceProvider | undefined, refusalHint?: string): this {
    this.fallbackProvider = provider;
    this.refusalHint = provider ? undefined : refusalHint;
    return this;
  }

  /**
   * The provider for `type`: the one registered under that exact type, else, for a custom
   * resource type, the one registered under `CUSTOM_RESOURCE_TYPE`, else the fallback.
   */
  get(type: string): ResourceProvider | undefined {
    return this.registered(type) ?? (isCustomResourceType(type) ? undefined : this.fallbackProvider);
  }

  /** True when `type` has a provider of its own (not the fallback). */
  isRegistered(type: string): boolean {
    return this.registered(type) !== undefined;
  }

  /** What the `not supported` error of a type without a provider adds (e.g. the option that allows placeholders). */
  unsupportedHint(): string | undefined {
    return this.refusalHint;
  }

  /** The types registered, in registration order. */
  types(): string[] {
    return [...this.providers.keys()];
  }

  private registered(type: string): ResourceProvider | undefined {
    return this.providers.get(type) ?? (isCustomResourceType(type) ? this.providers.get(CUSTOM_RESOURCE_TYPE) : undefined);
  }
}

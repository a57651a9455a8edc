import { CUSTOM_RESOURCE_TYPE, ProviderRegistry } from '../../../src/local/cloudformation/provider-registry';
import { ResourceProvider } from '../../../src/local/cloudformation/resource-provider';

function provider(ref: string): ResourceProvider {
  return { create: async () => ({ ref, attributes: {} }) };
}

describe('ProviderRegistry', () => {
  test('gives the provider registered for a type, nothing for another', () => {
    const lambda = provider('fn');
    const registry = new ProviderRegistry().register('AWS::Lambda::Function', lambda);
    expect(registry.get('AWS::Lambda::Function')).toBe(lambda);
    expect(registry.get('AWS::S3::Bucket')).toBeUndefined();
  });

  test('sends every Custom:: type to the custom resource provider', () => {
    const custom = provider('custom');
    const registry = new ProviderRegistry().register(CUSTOM_RESOURCE_TYPE, custom);
    expect(registry.get('Custom::DeployAssert@HttpCall')).toBe(custom);
    expect(registry.get('AWS::CloudFormation::CustomResource')).toBe(custom);
    expect(registry.get('AWS::Custom::Thing')).toBeUndefined();
  });

  test('prefers a provider registered for the exact custom type', () => {
    const specific = provider('specific');
    const registry = new ProviderRegistry().register(CUSTOM_RESOURCE_TYPE, provider('generic')).register('Custom::Special', specific);
    expect(registry.get('Custom::Special')).toBe(specific);
    expect(registry.types()).toEqual([CUSTOM_RESOURCE_TYPE, 'Custom::Special']);
  });
});

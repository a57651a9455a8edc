import { Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { expectRefusedBeforeAnyChild, hello, logicalIdOf, newStack } from './api-test-helpers';
import { CustomDomainOptions } from '../src';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN);
}

function zone(stack: Stack, zoneName = 'example.com'): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABC', zoneName });
}

function domain(stack: Stack, props: Partial<CustomDomainOptions> = {}): CustomDomainOptions {
  return { domainName: 'api.example.com', certificate: certificate(stack), ...props };
}

describe('customDomain', () => {
  test('creates a regional domain name mapped to the $default stage, and a DomainUrl output', () => {
    const stack = newStack();
    const api = hello(stack, { customDomain: domain(stack) });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [{ CertificateArn: CERTIFICATE_ARN, EndpointType: 'REGIONAL' }],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    template.hasResource('AWS::ApiGatewayV2::ApiMapping', {
      Properties: {
        ApiId: { Ref: logicalIdOf(api.httpApi) },
        DomainName: { Ref: logicalIdOf(api.domainName!) },
        Stage: '$default',
      },
      DependsOn: Match.arrayWith([logicalIdOf(api.stage)]),
    });
    // No hostedZone: no DNS record.
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasOutput('*', { Value: 'https://api.example.com/', Description: 'URL of the HTTP API on its custom domain' });

    expect(api.domainName).toBeInstanceOf(apigwv2.DomainName);
    expect(api.domainUrl).toBe('https://api.example.com/');
  });

  test('with a hostedZone, also creates an alias A record pointing the name at the domain\'s regional endpoint', () => {
    const stack = newStack();
    const api = hello(stack, { customDomain: domain(stack, { hostedZone: zone(stack) }) });
    const template = Template.fromStack(stack);
    const domainId = logicalIdOf(api.domainName!);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0123456789ABC',
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
        HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] },
      },
    });
  });

  test.each<[string, string, string]>([
    ['the zone apex', 'example.com', 'example.com'],
    ['a zone name written with a final dot', 'api.example.com', 'example.com.'],
    ['a wildcard name', '*.example.com', 'example.com'],
    ['a name deeper in the zone', 'v1.api.example.com', 'example.com'],
  ])('accepts %s', (_name, domainName, zoneName) => {
    const stack = newStack();
    hello(stack, { customDomain: domain(stack, { domainName, hostedZone: zone(stack, zoneName) }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: domainName });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: `${domainName}.` });
  });

  test('a wildcard domain name has no one URL: no domainUrl and no DomainUrl output', () => {
    const stack = newStack();
    const api = hello(stack, { customDomain: domain(stack, { domainName: '*.example.com' }) });
    expect(api.domainUrl).toBeUndefined();
    expect(Object.keys(Template.fromStack(stack).findOutputs('*')).filter((id) => id.includes('DomainUrl'))).toEqual([]);
  });

  test('an unresolved domain name is passed through unchecked', () => {
    const stack = newStack();
    const domainName = Lazy.string({ produce: () => 'late.example.com' });
    hello(stack, { customDomain: domain(stack, { domainName, hostedZone: zone(stack) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'late.example.com' });
  });

  test('without customDomain there is no domain name, no mapping, no record and no DomainUrl output', () => {
    const stack = newStack();
    const api = hello(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(Object.keys(template.findOutputs('*'))).toEqual([expect.stringMatching(/^HelloUrl/)]);
    expect(api.domainName).toBeUndefined();
    expect(api.domainUrl).toBeUndefined();
  });

  test('with disableExecuteApiEndpoint, a custom domain leaves no warning', () => {
    const stack = newStack();
    hello(stack, { customDomain: domain(stack), disableExecuteApiEndpoint: true });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toHaveLength(0);
  });
});

describe('a bad customDomain fails synthesis before any child is created', () => {
  test.each([
    ['upper case', 'API.Example.com'],
    ['a space', 'api example.com'],
    ['a scheme', 'https://api.example.com'],
    ['a label starting with "-"', '-api.example.com'],
    ['a single label', 'localhost'],
    ['a wildcard that is not the first label', 'api.*.example.com'],
  ])('a domain name with %s', (_name, domainName) => {
    const stack = newStack();
    const customDomain = domain(stack, { domainName });
    const escaped = domainName.replace(/[.*/]/g, '\\$&');
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { customDomain }),
      new RegExp(`customDomain.domainName "${escaped}": must be a lower-case host name such as api.example.com`));
  });

  test('a domain name longer than 253 characters', () => {
    const stack = newStack();
    const domainName = `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`;
    expect(domainName.length).toBeGreaterThan(253);
    const customDomain = domain(stack, { domainName });
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { customDomain }),
      /customDomain.domainName "a{60}\..*": must be a lower-case host name/);
  });

  test('a domain name outside the hosted zone', () => {
    const stack = newStack();
    const customDomain = domain(stack, { domainName: 'api.example.org', hostedZone: zone(stack) });
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { customDomain }),
      /customDomain.domainName "api.example.org": not in hostedZone "example.com"; the alias record can only be created in the zone the name belongs to/);
  });

  test('a domain name that only ends with the zone\'s name, not in a label of its own', () => {
    const stack = newStack();
    const customDomain = domain(stack, { domainName: 'api.notexample.com', hostedZone: zone(stack) });
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { customDomain }),
      /customDomain.domainName "api.notexample.com": not in hostedZone "example.com"/);
  });

  test('a hosted zone imported by id alone, whose name is unknown', () => {
    const stack = newStack();
    const hostedZone = route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123456789ABC');
    const customDomain = domain(stack, { hostedZone });
    expectRefusedBeforeAnyChild(stack, () => hello(stack, { customDomain }),
      /customDomain.hostedZone: its zone name is unknown \(HostedZone.fromHostedZoneId\); import it with HostedZone.fromHostedZoneAttributes/);
  });
});

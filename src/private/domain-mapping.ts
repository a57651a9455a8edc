import { CfnOutput, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CustomDomainOptions } from '../custom-domain';

// `customDomain`: the domain name mapped to the stage, its alias record and its URL.

const DOMAIN_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function validateCustomDomain(customDomain: CustomDomainOptions | undefined): void {
  if (!customDomain || Token.isUnresolved(customDomain.domainName)) {
    return;
  }
  const { domainName, hostedZone } = customDomain;
  if (domainName.length > 253 || !DOMAIN_NAME.test(domainName)) {
    throw new Error(`customDomain.domainName "${domainName}": must be a lower-case host name such as api.example.com (letters, digits, "-", labels joined by "."; a leading "*." for a wildcard)`);
  }
  if (hostedZone) {
    let zoneName: string;
    try {
      zoneName = hostedZone.zoneName;
    } catch {
      throw new Error('customDomain.hostedZone: its zone name is unknown (HostedZone.fromHostedZoneId); import it with HostedZone.fromHostedZoneAttributes({ hostedZoneId, zoneName })');
    }
    const zone = zoneName.replace(/\.$/, '');
    if (!Token.isUnresolved(zone) && domainName !== zone && !domainName.endsWith(`.${zone}`)) {
      throw new Error(`customDomain.domainName "${domainName}": not in hostedZone "${zone}"; the alias record can only be created in the zone the name belongs to`);
    }
  }
}

/** The domain name and, but for a wildcard domain, its URL (also a stack output). */
export interface DomainMapping {
  readonly domainName: apigwv2.DomainName;
  readonly domainUrl?: string;
}

export function createDomainMapping(scope: Construct, customDomain: CustomDomainOptions,
  httpApi: apigwv2.IHttpApi, stage: apigwv2.IStage): DomainMapping {
  const { domainName, certificate, hostedZone } = customDomain;
  const domain = new apigwv2.DomainName(scope, 'DomainName', { domainName, certificate });
  new apigwv2.ApiMapping(scope, 'ApiMapping', { api: httpApi, domainName: domain, stage });
  if (hostedZone) {
    new route53.ARecord(scope, 'AliasRecord', {
      zone: hostedZone,
      recordName: domainName,
      target: route53.RecordTarget.fromAlias(
        new route53targets.ApiGatewayv2DomainProperties(domain.regionalDomainName, domain.regionalHostedZoneId)),
    });
  }
  // A wildcard domain has no one URL.
  if (domainName.startsWith('*.')) {
    return { domainName: domain };
  }
  const domainUrl = `https://${domainName}/`;
  new CfnOutput(scope, 'DomainUrl', {
    value: domainUrl,
    description: 'URL of the HTTP API on its custom domain',
  });
  return { domainName: domain, domainUrl };
}

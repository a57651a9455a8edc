import { Token } from 'aws-cdk-lib';
import { CustomDomainOptions } from '../custom-domain';

// The checks of `customDomain`.

const DOMAIN_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function validateCustomDomain(customDomain: CustomDomainOptions): void {
  const { domainName, hostedZone } = customDomain;
  if (Token.isUnresolved(domainName)) {
    return;
  }
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

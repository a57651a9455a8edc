import { randomBytes } from 'crypto';
import { StoredApi, StoredStage } from './http-api-model';
import { DeployError, NotSupportedError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

/**
 * Custom domain names of HTTP APIs (`AWS::ApiGatewayV2::DomainName`, `AWS::ApiGatewayV2::ApiMapping`)
 * and the DNS alias records that point at them (`AWS::Route53::RecordSet`). DNS is not emulated: a
 * request reaches a custom domain through any API's local server when its Host header names the
 * domain; the domain's API mappings then choose the API and stage.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */

/** An API mapping: requests under `key` go to a stage of an API. */
interface StoredMapping {
  readonly mappingId: string;
  /** The mapping key without surrounding slashes; `''` for the empty (catch-all) mapping. */
  readonly key: string;
  readonly apiId: string;
  readonly stageName: string;
}

interface StoredDomain {
  readonly domainName: string;
  readonly securityPolicy: string;
  readonly mappings: StoredMapping[];
  readonly description?: DomainNameDescription;
}

/**
 * A custom domain name as GetDomainName describes it.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname.html
 */
export interface DomainNameDescription {
  readonly domainName: string;
  readonly domainNameArn: string;
  readonly certificateArn: string;
  readonly regionalDomainName: string;
  readonly hostedZoneId: string;
  readonly securityPolicy: string;
  readonly endpointType: string;
}

/** A request to a custom domain, resolved through its API mapping. */
export interface MappedRequest {
  readonly api: StoredApi;
  readonly stage: StoredStage;
  /** The path with the mapping key removed, what the API's routes are matched against. */
  readonly path: string;
  /** `$context.customDomain.basePathMatched`: the mapping key, `(none)` for the empty mapping (unconfirmed). */
  readonly basePathMatched: string;
}

/**
 * The Route 53 hosted zone ids of API Gateway's Regional endpoints, for `RegionalHostedZoneId`.
 * https://docs.aws.amazon.com/general/latest/gr/apigateway.html
 */
const REGIONAL_HOSTED_ZONE_IDS: Record<string, string> = {
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-west-1': 'Z2MUQ32089INYE',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-west-2': 'ZJ5UAJN8Y3Z2Q',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
  'ap-northeast-1': 'Z1YSHQZHG15GKL',
  'ap-southeast-1': 'ZL327KTPIQFUL',
  'ap-southeast-2': 'Z2RPCDW04V8134',
};

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
// "API mappings must contain only letters, numbers, and the following characters: $-_.+!*'()/",
// at most 300 characters. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html
const MAPPING_KEY = /^[A-Za-z0-9$\-_.+!*'()/]{0,300}$/;

function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The host a Host header names, lower-cased and without its port. */
export function hostName(hostHeader: string | undefined): string {
  return (hostHeader ?? '').replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
}

export class CustomDomains {
  private readonly domains = new Map<string, StoredDomain>();

  /** `AWS::ApiGatewayV2::DomainName`: Ref = the domain name; GetAtt RegionalDomainName, RegionalHostedZoneId, DomainNameArn. */
  public readonly domainNameProvider: ResourceProvider = { create: async (request) => this.createDomainName(request) };
  /** `AWS::ApiGatewayV2::ApiMapping`: Ref = the mapping id; GetAtt ApiMappingId. */
  public readonly apiMappingProvider: ResourceProvider = { create: async (request) => this.createApiMapping(request) };
  /** `AWS::Route53::RecordSet`: alias A/AAAA records are stored, nothing else; Ref = the record name. */
  public readonly recordSetProvider: ResourceProvider = { create: async (request) => this.createRecordSet(request) };

  constructor(private readonly apis: (apiId: string) => StoredApi | undefined, private readonly log: (line: string) => void) {}

  /**
   * The API, stage and path a request to `hostHeader` goes to: `undefined` when the host is no
   * custom domain; `{ target: undefined }` when it is one but no mapping matches.
   * "API Gateway routes requests to the API mapping that has the longest matching path ... If no
   * path matches the request, API Gateway sends the request to the API that you've mapped to the
   * empty path." https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mappings.html
   */
  resolve(hostHeader: string | undefined, rawPath: string): { readonly domainName: string; readonly target?: MappedRequest } | undefined {
    const domain = this.domains.get(hostName(hostHeader));
    if (!domain) {
      return undefined;
    }
    const candidates = domain.mappings
      .filter((m) => m.key === '' || rawPath === `/${m.key}` || rawPath.startsWith(`/${m.key}/`))
      .sort((a, b) => b.key.length - a.key.length);
    for (const mapping of candidates) {
      const api = this.apis(mapping.apiId);
      const stage = api?.stages.get(mapping.stageName);
      if (api && stage) {
        const path = mapping.key === '' ? rawPath : rawPath.slice(mapping.key.length + 1) || '/';
        return { domainName: domain.domainName, target: { api, stage, path, basePathMatched: mapping.key === '' ? '(none)' : mapping.key } };
      }
    }
    return { domainName: domain.domainName };
  }

  clear(): void {
    this.domains.clear();
  }

  /** A domain name's configuration; undefined when there is no such custom domain. */
  describe(name: string): DomainNameDescription | undefined {
    return this.domains.get(name.toLowerCase())?.description;
  }

  private createDomainName(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const name = typeof p.DomainName === 'string' ? p.DomainName.toLowerCase() : '';
    if (name.startsWith('*.')) {
      throw new NotSupportedError(`wildcard custom domain name ${p.DomainName}`, request.logicalId);
    }
    if (!HOST_NAME.test(name)) {
      throw new DeployError(`DomainName ${JSON.stringify(p.DomainName ?? '')} is not a valid domain name`);
    }
    if (this.domains.has(name)) {
      // "A custom domain name must be unique within a Region across all AWS accounts."
      throw new DeployError(`The domain name ${name} already exists`);
    }
    for (const property of ['MutualTlsAuthentication', 'RoutingMode']) {
      if (p[property] !== undefined && !(property === 'RoutingMode' && p[property] === 'API_MAPPING_ONLY')) {
        throw new NotSupportedError(`AWS::ApiGatewayV2::DomainName property ${property}`, request.logicalId);
      }
    }
    const configurations: unknown = p.DomainNameConfigurations;
    const configuration = Array.isArray(configurations) ? configurations[0] as Record<string, unknown> | undefined : undefined;
    if (!configuration || (Array.isArray(configurations) && configurations.length !== 1)) {
      throw new DeployError(`DomainName ${name}: DomainNameConfigurations must have one entry with a CertificateArn`);
    }
    const endpointType = configuration.EndpointType ?? 'REGIONAL';
    if (endpointType !== 'REGIONAL') {
      // "You can only map HTTP APIs to a regional custom domain name."
      throw new NotSupportedError(`custom domain EndpointType ${endpointType} (HTTP APIs map only to REGIONAL domain names)`, request.logicalId);
    }
    const certificateArn = configuration.CertificateArn;
    if (typeof certificateArn !== 'string' || !/^arn:[^:]+:acm:[^:]+:\d{12}:certificate\/.+$/.test(certificateArn)) {
      throw new DeployError(`DomainName ${name}: CertificateArn ${JSON.stringify(certificateArn ?? '')} is not an ACM certificate ARN`);
    }
    const { region, partition } = request.environment;
    const regionalDomainName = `d-${randomId(10)}.execute-api.${region}.amazonaws.com`;
    // (unconfirmed) Regions missing from the table get a made-up zone id; DNS is not emulated.
    const hostedZoneId = REGIONAL_HOSTED_ZONE_IDS[region] ?? `Z${randomId(12).toUpperCase()}`;
    const securityPolicy = String(configuration.SecurityPolicy ?? 'TLS_1_2');
    this.domains.set(name, {
      domainName: name,
      securityPolicy,
      mappings: [],
      description: {
        domainName: name,
        domainNameArn: `arn:${partition}:apigateway:${region}::/domainnames/${name}`,
        certificateArn,
        regionalDomainName,
        hostedZoneId,
        securityPolicy,
        endpointType: String(endpointType),
      },
    });
    return {
      ref: name,
      attributes: {
        RegionalDomainName: regionalDomainName,
        RegionalHostedZoneId: hostedZoneId,
        DomainNameArn: `arn:${partition}:apigateway:${region}::/domainnames/${name}`,
      },
    };
  }

  private createApiMapping(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const domain = this.domains.get(String(p.DomainName ?? '').toLowerCase());
    if (!domain) {
      throw new DeployError(`Invalid domain name identifier specified: ${p.DomainName ?? '(none)'} is not a custom domain name here`);
    }
    const api = this.apis(String(p.ApiId ?? ''));
    if (!api) {
      throw new DeployError(`Invalid API identifier specified ${request.environment.accountId}:${p.ApiId ?? '(none)'}`);
    }
    if (!api.stages.has(String(p.Stage ?? ''))) {
      throw new DeployError(`Invalid stage identifier specified: ${p.Stage ?? '(none)'} is not a stage of API ${api.apiId}`);
    }
    // "You can only map HTTP APIs to a regional custom domain name with the TLS 1.2 security policy."
    if (domain.securityPolicy !== 'TLS_1_2') {
      throw new DeployError(`HTTP APIs can only be mapped to a custom domain name with SecurityPolicy TLS_1_2, ${domain.domainName} has ${domain.securityPolicy}`);
    }
    const key = String(p.ApiMappingKey ?? '').replace(/^\/+|\/+$/g, '');
    if (!MAPPING_KEY.test(key) || key.includes('//')) {
      throw new DeployError(`ApiMappingKey ${JSON.stringify(p.ApiMappingKey)}: only letters, digits and $-_.+!*'()/ (at most 300), no empty segments`);
    }
    if (domain.mappings.some((m) => m.key === key)) {
      throw new DeployError(`ApiMappingKey ${JSON.stringify(key)} is already mapped on ${domain.domainName}`);
    }
    const mappingId = randomId(6);
    domain.mappings.push({ mappingId, key, apiId: api.apiId, stageName: String(p.Stage) });
    return { ref: mappingId, attributes: { ApiMappingId: mappingId } };
  }

  /**
   * Only alias A/AAAA records (e.g. to an API Gateway domain's RegionalDomainName) are accepted,
   * and only stored: DNS is not emulated.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-recordset.html
   */
  private createRecordSet(request: ProvisionRequest): ProvisionedResource {
    const p = request.properties;
    const alias = p.AliasTarget;
    if ((p.Type !== 'A' && p.Type !== 'AAAA') || !alias || typeof alias.DNSName !== 'string' || typeof alias.HostedZoneId !== 'string') {
      throw new NotSupportedError(`AWS::Route53::RecordSet of type ${p.Type ?? '(none)'}${alias ? '' : ' without AliasTarget'} `
        + '(only alias A/AAAA records are accepted, and DNS is not emulated)', request.logicalId);
    }
    if (typeof p.Name !== 'string' || p.Name === '') {
      throw new DeployError('Name is required');
    }
    if (p.HostedZoneId === undefined && p.HostedZoneName === undefined) {
      throw new DeployError(`RecordSet ${p.Name}: HostedZoneId or HostedZoneName is required`);
    }
    const name = hostName(p.Name);
    const target = hostName(alias.DNSName);
    const domain = this.domains.get(name);
    this.log(`[route53] ${name} ${p.Type} alias to ${target}: stored, DNS is not emulated offline`
      + (domain ? `; reach the custom domain with "Host: ${name}" on any API's local URL` : ''));
    return { ref: name, attributes: {} };
  }
}

import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';

/**
 * A custom domain name for the API (a regional endpoint), mapped to its `$default` stage.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html
 */
export interface CustomDomainOptions {
  /** The domain name, e.g. `api.example.com` (lower case; a leading `*.` for a wildcard domain). */
  readonly domainName: string;

  /**
   * An ACM certificate for the domain name, in the stack's Region.
   */
  readonly certificate: acm.ICertificate;

  /**
   * A Route 53 public hosted zone to create an alias A record in, pointing the domain name at the API.
   *
   * The domain name must be the zone's name or end in `.<zone name>`.
   *
   * @default - no DNS record: point the domain at the API's regional domain name yourself
   */
  readonly hostedZone?: route53.IHostedZone;
}

/**
 * `Fn::Cidr` for IPv4: `count` consecutive subnets of `cidrBits` host bits each, from the start
 * of `ipBlock`. Throws a plain Error with the problem; the caller locates it.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-cidr.html
export function cidrSubnets(ipBlock: string, count: number, cidrBits: number): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(ipBlock.trim());
  if (!match) {
    throw new Error(`"${ipBlock}" is not an IPv4 CIDR block (IPv6 blocks are not supported)`);
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) {
    throw new Error(`"${ipBlock}" is not a valid IPv4 CIDR block`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new Error(`count must be an integer from 1 to 256, got ${count}`);
  }
  const subnetPrefix = 32 - cidrBits;
  if (!Number.isInteger(cidrBits) || cidrBits < 0 || subnetPrefix < prefix) {
    throw new Error(`cidrBits ${cidrBits} does not fit in the /${prefix} block ${ipBlock}`);
  }
  const blockSize = 2 ** (32 - prefix);
  const subnetSize = 2 ** cidrBits;
  if (count * subnetSize > blockSize) {
    throw new Error(`${count} subnets of /${subnetPrefix} do not fit in ${ipBlock}`);
  }
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const network = address - (address % blockSize);
  return Array.from({ length: count }, (_, index) => `${formatIpv4(network + index * subnetSize)}/${subnetPrefix}`);
}

function formatIpv4(address: number): string {
  const octets: number[] = [];
  let rest = address;
  for (let i = 0; i < 4; i++) {
    octets.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  return octets.join('.');
}

import { cidrSubnets } from '../../../src/local/cloudformation/cidr';

describe('cidrSubnets', () => {
  test('gives consecutive subnets from the start of the block', () => {
    expect(cidrSubnets('192.168.0.0/24', 6, 5)).toEqual([
      '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27',
    ]);
  });

  test('starts at the network address even when the block names a host', () => {
    expect(cidrSubnets('10.1.2.3/16', 2, 8)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
  });

  test('refuses more subnets than the block holds', () => {
    expect(() => cidrSubnets('10.0.0.0/24', 3, 7)).toThrow('3 subnets of /25 do not fit in 10.0.0.0/24');
  });

  test('refuses IPv6 blocks, which it does not support', () => {
    expect(() => cidrSubnets('2001:db8::/56', 2, 64)).toThrow(/IPv6 blocks are not supported/);
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${...}
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/policy/conditions/ip.js';
import { holds, list, one, type Row } from './conditions-helpers.js';

const K = 'aws:SourceIp';
const ip = (v: string) => ({ [K]: one('ip', v) });

// "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or
// 2001:DB8:1234:5678::/64). If you specify an IP address without the associated routing prefix,
// IAM uses the default prefix value of /32."
const rows: Row[] = [
  ['IP: /24 contains', 'IpAddress', K, '203.0.113.0/24', ip('203.0.113.7'), true],
  ['IP: /24 first', 'IpAddress', K, '203.0.113.0/24', ip('203.0.113.0'), true],
  ['IP: /24 last', 'IpAddress', K, '203.0.113.0/24', ip('203.0.113.255'), true],
  ['IP: /24 outside', 'IpAddress', K, '203.0.113.0/24', ip('203.0.114.0'), false],
  ['IP: bare address is /32', 'IpAddress', K, '203.0.113.7', ip('203.0.113.7'), true],
  ['IP: bare address is /32, neighbour', 'IpAddress', K, '203.0.113.7', ip('203.0.113.8'), false],
  ['IP: explicit /32', 'IpAddress', K, '10.0.0.1/32', ip('10.0.0.1'), true],
  ['IP: 0.0.0.0/0 matches every IPv4 (peer bug)', 'IpAddress', K, '0.0.0.0/0', ip('198.51.100.1'), true],
  ['IP: 0.0.0.0/0 matches 255.255.255.255', 'IpAddress', K, '0.0.0.0/0', ip('255.255.255.255'), true],
  // The integer fast path for IPv4 context values must agree with the general parser.
  ['IP: high addresses (top bit set) in range', 'IpAddress', K, '192.168.0.0/16', ip('192.168.200.9'), true],
  [
    'IP: high addresses (top bit set) outside range',
    'IpAddress',
    K,
    '192.168.0.0/16',
    ip('200.1.1.1'),
    false,
  ],
  ['IP: /31 pair, upper', 'IpAddress', K, '255.255.255.254/31', ip('255.255.255.255'), true],
  ['IP: /1 splits the space', 'IpAddress', K, '128.0.0.0/1', ip('127.255.255.255'), false],
  ['IP: leading zero in a part is not an address', 'IpAddress', K, '10.0.0.0/8', ip('10.01.0.1'), false],
  ['IP: three parts are not an address', 'IpAddress', K, '10.0.0.0/8', ip('10.0.1'), false],
  ['IP: five parts are not an address', 'IpAddress', K, '10.0.0.0/8', ip('10.0.0.1.5'), false],
  ['IP: empty part is not an address', 'IpAddress', K, '10.0.0.0/8', ip('10..0.1'), false],
  [
    'IP: NotIpAddress with a malformed context value (matches nothing, so Not holds)',
    'NotIpAddress',
    K,
    '10.0.0.0/8',
    ip('10.0.0'),
    true,
  ],
  ['IP: IPv4 context against an IPv6-only policy', 'IpAddress', K, '2001:db8::/32', ip('10.0.0.1'), false],
  ['IP: 0.0.0.0/0 does not match IPv6', 'IpAddress', K, '0.0.0.0/0', ip('2001:db8::1'), false],
  ['IP: /1 upper half', 'IpAddress', K, '128.0.0.0/1', ip('200.1.1.1'), true],
  ['IP: /1 lower half', 'IpAddress', K, '128.0.0.0/1', ip('100.1.1.1'), false],
  ['IP: /31', 'IpAddress', K, '10.0.0.2/31', ip('10.0.0.3'), true],
  ['IP: host bits ignored', 'IpAddress', K, '10.1.2.3/8', ip('10.200.0.1'), true],
  ['IP: /8', 'IpAddress', K, '10.0.0.0/8', ip('11.0.0.0'), false],
  [
    'IP: values OR (mixed v4/v6 example)',
    'IpAddress',
    K,
    ['203.0.113.0/24', '2001:DB8:1234:5678::/64'],
    ip('2001:db8:1234:5678:abcd::1'),
    true,
  ],
  ['IP: IPv6 /64 contains', 'IpAddress', K, '2001:DB8:1234:5678::/64', ip('2001:db8:1234:5678::ffff'), true],
  ['IP: IPv6 /64 outside', 'IpAddress', K, '2001:DB8:1234:5678::/64', ip('2001:db8:1234:5679::1'), false],
  ['IP: IPv6 case-insensitive hex', 'IpAddress', K, '2001:db8::/32', ip('2001:DB8:FFFF::1'), true],
  ['IP: IPv6 full form', 'IpAddress', K, '2001:0db8:0000:0000:0000:0000:0000:0001', ip('2001:db8::1'), true],
  ['IP: IPv6 bare is /128', 'IpAddress', K, '2001:db8::1', ip('2001:db8::2'), false],
  ['IP: ::/0 matches every IPv6', 'IpAddress', K, '::/0', ip('fe80::1'), true],
  ['IP: ::/0 does not match IPv4', 'IpAddress', K, '::/0', ip('10.0.0.1'), false],
  ['IP: ::1 loopback', 'IpAddress', K, '::1', ip('0:0:0:0:0:0:0:1'), true],
  ['IP: IPv6 /127 odd prefix', 'IpAddress', K, '2001:db8::/127', ip('2001:db8::1'), true],
  ['IP: IPv4 range vs IPv4-mapped context', 'IpAddress', K, '10.0.0.0/8', ip('::ffff:10.1.2.3'), true],
  ['IP: mapped range vs IPv4 context', 'IpAddress', K, '::ffff:10.0.0.0/104', ip('10.1.2.3'), true],
  ['IP: mapped /96 matches every IPv4', 'IpAddress', K, '::ffff:0:0/96', ip('192.0.2.1'), true],
  ['IP: embedded IPv4 in non-mapped v6', 'IpAddress', K, '64:ff9b::/96', ip('64:ff9b::192.0.2.33'), true],
  ['IP: prefix too long v4', 'IpAddress', K, '10.0.0.0/33', ip('10.0.0.0'), false],
  ['IP: prefix too long v6', 'IpAddress', K, '::/129', ip('::'), false],
  ['IP: negative prefix', 'IpAddress', K, '10.0.0.0/-1', ip('10.0.0.0'), false],
  ['IP: octet > 255', 'IpAddress', K, '10.0.0.256', ip('10.0.0.256'), false],
  ['IP: leading zero octet rejected', 'IpAddress', K, '010.0.0.1', ip('10.0.0.1'), false],
  ['IP: three octets rejected', 'IpAddress', K, '10.0.1', ip('10.0.0.1'), false],
  ['IP: two :: rejected', 'IpAddress', K, '1::2::3', ip('1::2:0:3'), false],
  ['IP: hostname never matches', 'IpAddress', K, 'example.com', ip('93.184.216.34'), false],
  ['IP: context CIDR is not an address', 'IpAddress', K, '10.0.0.0/8', ip('10.0.0.0/8'), false],
  ['IP: garbage context', 'IpAddress', K, '0.0.0.0/0', ip('localhost'), false],
  ['IP: no policy variables', 'IpAddress', K, '${aws:SourceIp}', ip('10.0.0.1'), false],
  ['IP: missing key (VPC endpoint) is false', 'IpAddress', K, '0.0.0.0/0', {}, false],
  ['IP: NotIpAddress outside', 'NotIpAddress', K, '203.0.113.0/24', ip('198.51.100.1'), true],
  ['IP: NotIpAddress inside', 'NotIpAddress', K, '203.0.113.0/24', ip('203.0.113.1'), false],
  ['IP: NotIpAddress NOR', 'NotIpAddress', K, ['10.0.0.0/8', '192.168.0.0/16'], ip('192.168.1.1'), false],
  ['IP: NotIpAddress NOR none', 'NotIpAddress', K, ['10.0.0.0/8', '192.168.0.0/16'], ip('172.16.0.1'), true],
  ['IP: NotIpAddress 0.0.0.0/0 never true for IPv4', 'NotIpAddress', K, '0.0.0.0/0', ip('1.2.3.4'), false],
  ['IP: NotIpAddress v4 range vs v6 caller', 'NotIpAddress', K, '10.0.0.0/8', ip('2001:db8::1'), true],
  ['IP: NotIpAddress missing key true', 'NotIpAddress', K, '10.0.0.0/8', {}, true],
  ['IfExists: IpAddressIfExists missing', 'IpAddressIfExists', K, '10.0.0.0/8', {}, true],
  [
    'IfExists: NotIpAddressIfExists present inside',
    'NotIpAddressIfExists',
    K,
    '10.0.0.0/8',
    ip('10.0.0.1'),
    false,
  ],
  [
    'Set: ForAnyValue:IpAddress',
    'ForAnyValue:IpAddress',
    'x:ips',
    '10.0.0.0/8',
    { 'x:ips': list('ipList', '1.1.1.1', '10.2.2.2') },
    true,
  ],
  [
    'Set: ForAllValues:IpAddress',
    'ForAllValues:IpAddress',
    'x:ips',
    '10.0.0.0/8',
    { 'x:ips': list('ipList', '1.1.1.1', '10.2.2.2') },
    false,
  ],
];

describe('IP address condition operators', () => {
  it.each(rows)('%s: %s %s %j with %j -> %s', (_rule, op, key, values, keys, expected) => {
    expect(holds(op, key, values, keys)).toBe(expected);
  });
  it('normalizes mapped ranges to IPv4', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ v6: false, addr: 0x0a000000n, prefix: 8 });
    expect(parseCidr('::ffff:0:0/95')?.v6).toBe(true);
  });
});

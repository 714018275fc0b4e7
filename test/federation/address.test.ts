// Address checks on their own: which addresses a remote call may not reach unless the operator lists them.
import { describe, expect, it } from 'vitest';
import { specialAddressKind } from '../../src/federation/address.js';

describe('addresses that are not public', () => {
  it('names loopback, private, link-local, metadata and other special addresses', () => {
    const kinds: Array<[string, string | undefined]> = [
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['2002:7f00:1::', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['fd12:3456::1', 'private (unique local)'],
      ['169.254.1.1', 'link-local'],
      ['fe80::1', 'link-local'],
      ['169.254.169.254', 'cloud metadata'],
      ['::ffff:169.254.169.254', 'cloud metadata'],
      ['fd00:ec2::254', 'cloud metadata'],
      ['100.100.100.200', 'cloud metadata'],
      ['100.64.0.1', 'shared (carrier-grade NAT)'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['8.8.8.8', undefined],
      ['172.32.0.1', undefined],
      ['2a02:ec80:300:ed1a::1', undefined],
    ];
    for (const [address, kind] of kinds) expect(specialAddressKind(address), address).toBe(kind);
  });

  it('sees the IPv4 address inside NAT64, 6to4 and written-out mapped IPv6 forms', () => {
    const kinds: Array<[string, string | undefined]> = [
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
      ['64:ff9b::808:808', undefined],
      ['2002:c0a8:101::1', 'private'],
      ['0:0:0:0:0:ffff:10.0.0.1', 'private'],
      ['fd00:ec2:0:0:0:0:0:254', 'cloud metadata'],
    ];
    for (const [address, kind] of kinds) expect(specialAddressKind(address), address).toBe(kind);
    expect(specialAddressKind('not an address')).toBe('invalid');
  });
});

// Which addresses a remote call may connect to: loopback, private, link-local,
// cloud-metadata and other non-public addresses are refused (IPv4 carried in
// IPv6 included) unless the operator lists them (UPR_SERVICE_PRIVATE_HOSTS), or
// an allowlisted endpoint is written with that very address. IPv6 text is read
// by ipaddr.js (express's own parser of addresses); the ranges and their names are ours.
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { FederationSettings } from './policy.js';

const METADATA_ADDRESSES = new Set(['169.254.169.254', '100.100.100.200', 'fd00:ec2::254']);

const SPECIAL_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const SPECIAL_V6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved (IPv4-compatible)'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private (unique local)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** The 16 bytes of an IPv6 address (which must be valid; dotted IPv4 tails and zone IDs included). */
function ipv6Bytes(address: string): number[] {
  return ipaddr.IPv6.parse(address).toByteArray();
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.');
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return undefined;
}

/** What kind of non-public address this is ("loopback", "private", "link-local", "cloud metadata"…), or undefined for a public one. */
export function specialAddressKind(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return 'invalid';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return specialAddressKind(v4);
  }
  const canonical = family === 6 ? ipv6Bytes(address).join(',') : address;
  for (const metadata of METADATA_ADDRESSES) {
    if ((net.isIP(metadata) === 6 ? ipv6Bytes(metadata).join(',') : metadata) === canonical) return 'cloud metadata';
  }
  for (const [network, prefix, kind] of family === 4 ? SPECIAL_V4 : SPECIAL_V6) {
    const list = new net.BlockList();
    list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
    if (list.check(address, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  }
  return undefined;
}

/** A host name as written in a URL, without IPv6 brackets, lower-case. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * The operator's explicit permissions for non-public addresses: hosts, addresses and ranges
 * (UPR_SERVICE_PRIVATE_HOSTS), which any listed endpoint may reach; and the origins of listed
 * endpoints written with an address (http://10.0.0.5:7878/sparql), which permit that address
 * for requests to exactly that origin, never for a host name that resolves to it.
 */
export class PrivatePermissions {
  private readonly hosts = new Set<string>();
  private readonly ranges = new net.BlockList();
  private readonly addressOrigins = new Set<string>();

  constructor(settings: FederationSettings) {
    for (const iri of settings.allowlist) {
      try {
        const url = new URL(iri);
        if (net.isIP(bareHost(url.hostname)) !== 0) this.addressOrigins.add(url.origin);
      } catch {
        // Not a URL: the allowlist check refuses every request to it anyway.
      }
    }
    for (const entry of settings.privateHosts) {
      const text = entry.trim().toLowerCase();
      if (!text) continue;
      const [address, prefix] = text.split('/');
      const family = net.isIP(bareHost(address));
      if (family === 0) {
        this.hosts.add(text);
      } else if (prefix !== undefined) {
        this.ranges.addSubnet(bareHost(address), Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
      } else {
        this.ranges.addAddress(bareHost(address), family === 4 ? 'ipv4' : 'ipv6');
      }
    }
  }

  /** Whether the operator allows `address`, reached for `host`. */
  allows(address: string, host: string): boolean {
    if (this.hosts.has(bareHost(host))) return true;
    const family = net.isIP(address);
    if (family === 0) return false;
    if (this.ranges.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
    const v4 = family === 6 ? embeddedIpv4(address) : undefined;
    return v4 !== undefined && this.ranges.check(v4, 'ipv4');
  }

  /** Whether `url` is written with an address and its origin is that of an endpoint listed so. */
  listsOriginOf(url: URL): boolean {
    return net.isIP(bareHost(url.hostname)) !== 0 && this.addressOrigins.has(url.origin);
  }
}

/** Why connecting to `address` (for `host`) is refused, or undefined when it is allowed. */
export function addressRefusal(address: string, host: string, permissions: PrivatePermissions): string | undefined {
  const kind = specialAddressKind(address);
  if (!kind || permissions.allows(address, host)) return undefined;
  const where = net.isIP(bareHost(host)) ? '' : `${host} resolves to ${address}, `;
  return `${where}${where ? 'a' : `${address} is a`} ${kind} address, which is refused unless the operator lists it (UPR_SERVICE_PRIVATE_HOSTS)`;
}

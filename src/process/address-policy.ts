import * as ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';

/**
 * Which addresses a URL submission or a webhook may make the service connect to. Loopback,
 * private, link-local (cloud metadata lives at 169.254.169.254), shared,
 * unspecified and other special ranges are refused unless listed in `allowed`.
 */
const PUBLIC_RANGES = new Set(['unicast']);

export class AddressPolicy {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  /** `allowed`: CIDR ranges to let through anyway, e.g. "127.0.0.0/8" for tests or an internal recording store. */
  constructor(allowed: string[] = []) {
    this.allowed = allowed.map((cidr) => ipaddr.parseCIDR(cidr.trim()));
  }

  /** Why an address is refused, or undefined when it may be used. */
  refusal(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
    let ip = ipaddr.parse(address);
    // ::ffff:127.0.0.1 is 127.0.0.1.
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
    if (this.allowed.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return undefined;
    const range = ip.range();
    return PUBLIC_RANGES.has(range) ? undefined : `${address} is a ${range} address`;
  }

  /** Why a URL's host, when written as an address, is refused; a name is checked when looked up (checkedLookup). */
  literalRefusal(url: URL): string | undefined {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return isIP(host) ? this.refusal(host) : undefined;
  }

  /**
   * dns.lookup for a connection, refusing answers the policy does not allow:
   * the check runs on the very addresses the connection uses, so a DNS
   * answer cannot change in between.
   */
  checkedLookup(refuse: (message: string) => Error): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 4);
        const refused = addresses.map((a) => this.refusal(a.address)).find(Boolean);
        if (refused) return callback(refuse(`${hostname} resolves to ${refused}`), '', 4);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        return callback(null, addresses[0].address, addresses[0].family);
      });
    };
  }

  /** The policy of URL_ALLOWED_NETWORKS. */
  static fromSetting(allowedNetworks: string | undefined): AddressPolicy {
    return new AddressPolicy(allowedNetworks?.split(',').filter((c) => c.trim()) ?? []);
  }
}

import * as ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP, LookupFunction } from 'node:net';

/**
 * Which addresses a URL submission or a webhook may make the service connect to. Loopback,
 * private, link-local (cloud metadata lives at 169.254.169.254), shared,
 * unspecified and other special ranges are refused unless listed in `allowed`.
 */
const PUBLIC_RANGES = new Set(['unicast']);

/** ipaddr.js's range names in words, with their article, to follow "is" in a refusal. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address',
  deprecatedSiteLocal: 'a site-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  discard: 'a discard-only address',
  ipv4Mapped: 'an IPv4-mapped address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'an IPv4-embedded address',
  '6to4': 'a 6to4 relay address',
  teredo: 'a Teredo tunnel address',
};

export class AddressPolicy {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  /** `allowed`: CIDR ranges to let through anyway, e.g. "127.0.0.0/8" for tests or an internal recording store. */
  constructor(allowed: string[] = []) {
    this.allowed = allowed.map((cidr) => ipaddr.parseCIDR(cidr.trim()));
  }

  /**
   * What kind of address it is, in words to follow "is" ("a loopback
   * address (this machine)"), when it is refused; undefined when it may be used.
   */
  refusal(address: string): string | undefined {
    if (!ipaddr.isValid(address)) return 'not an IP address';
    let ip = ipaddr.parse(address);
    // ::ffff:127.0.0.1 is 127.0.0.1.
    if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
    if (this.allowed.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return undefined;
    const range = ip.range();
    return PUBLIC_RANGES.has(range) ? undefined : (RANGE_WORDS[range] ?? 'a special-purpose address');
  }

  /**
   * Why a URL's host, when written as an address, is refused ("[::ffff:127.0.0.1] is a loopback
   * address (this machine)"); a name is checked when looked up (checkedLookup). `written`: the host
   * as the client wrote it (writtenHost); a form the parser rewrote (2130706433) is shown with the
   * address it means.
   */
  literalRefusal(url: URL, written = url.hostname): string | undefined {
    const address = url.hostname.replace(/^\[|\]$/g, '');
    const kind = isIP(address) ? this.refusal(address) : undefined;
    if (!kind) return undefined;
    const shown = isIP(written.replace(/^\[|\]$/g, '')) ? written : `${written} (${address})`;
    return `${shown} is ${kind}`;
  }

  /**
   * dns.lookup for a connection, refusing answers the policy does not allow:
   * the check runs on the very addresses the connection uses, so a DNS
   * answer cannot change in between.
   */
  checkedLookup(refuse: (message: string) => Error, written?: string): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 4);
        const refused = addresses.map((a) => ({ address: a.address, kind: this.refusal(a.address) })).find((a) => a.kind);
        if (refused) return callback(refuse(`${written ?? hostname} resolves to ${refused.address}, ${refused.kind}`), '', 4);
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

/**
 * The host of a URL as its text writes it (`[::ffff:127.0.0.1]`, `2130706433`),
 * which the URL parser normalises (`[::ffff:7f00:1]`, `127.0.0.1`): a refusal
 * names what the client wrote. Falls back to the parsed host name.
 */
export function writtenHost(text: string, parsed: URL): string {
  const written = /^\s*[a-z][a-z0-9+.-]*:[/\\]{2}(?:[^@/\\?#]*@)?(\[[^\]/\\?#]*\]|[^:/\\?#]*)/i.exec(text)?.[1];
  return written ? written : parsed.hostname;
}

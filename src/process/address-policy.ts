import * as ipaddr from 'ipaddr.js';

/**
 * Which addresses a URL submission may make the worker connect to. Loopback,
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
}

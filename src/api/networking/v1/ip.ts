// Moved to src/api/validation/ip.ts; kept so existing imports of this path still work. This path's
// parseIP gives Go's 16-byte form (null when not an IP), as it always has.
import { parseIP as parseAddress, to16, to4 } from "../../validation/ip.js";

export {
  type CIDR,
  parseCIDR,
  isIPv4String,
  isIPv6String,
  isValidIPForLegacyField,
  isValidCIDRForLegacyField,
  cidrContainsNetwork,
  validateEndpointIP,
} from "../../validation/ip.js";

/** A parsed address in Go's 16-byte form (IPv4 as ::ffff:a.b.c.d). */
export type IP = Uint8Array;

/** Like Go's netutils.ParseIPSloppy: null when not an IP. */
export function parseIP(s: string): IP | null {
  const ip = parseAddress(s);
  return ip ? to16(ip.bytes) : null;
}

/** Go's ip.To4() != nil. */
export function isIPv4(ip: IP): boolean {
  return to4([...ip]) !== undefined;
}

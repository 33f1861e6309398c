// IP and CIDR checks with upstream's messages (k8s.io/apimachinery/pkg/util/validation/ip.go and
// ValidateNonSpecialIP / ValidateEndpointIP), parsing as Go's net.ParseIP does so canonical forms match
// ("::ffff:1.2.3.4" prints as "1.2.3.4", IPv6 compresses the longest zero run). Two strengths, as
// upstream: the strict IsValidIP / IsValidCIDR (canonical form, no leading zeros) and the
// *ForLegacyField checks of fields that have always accepted netutils.ParseIPSloppy's forms.
import { type FieldError, invalid } from "./field.js";

const ipMsg = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const cidrMsg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/** A parsed address: 4 bytes for IPv4, 16 for IPv6. */
export interface ParsedIP {
  bytes: number[];
  /** The text had an IPv4 part with a leading zero ("010.1.1.1"): accepted sloppily, rejected strictly. */
  leadingZero: boolean;
}

function parseIPv4(s: string): ParsedIP | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  let leadingZero = false;
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    if (p.length > 1 && p[0] === "0") leadingZero = true;
    bytes.push(n);
  }
  return { bytes, leadingZero };
}

function parseIPv6(s: string): number[] | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const parseSide = (side: string): number[] | undefined => {
    if (side === "") return [];
    const gs = side.split(":").map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
    return gs.some(Number.isNaN) ? undefined : gs;
  };
  let groups: number[];
  if (halves.length === 2) {
    const left = parseSide(halves[0]);
    const right = parseSide(halves[1]);
    if (!left || !right) return undefined;
    const fill = 8 - left.length - right.length;
    if (fill < 1) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    const all = parseSide(halves[0]);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Go's net.ParseIP, with the old "sloppy" IPv4 leading zeros accepted (netutils.ParseIPSloppy). */
export function parseIP(s: string): ParsedIP | undefined {
  if (s.includes(":")) {
    // The IPv4 suffix form ("::ffff:1.2.3.4") is handled by expanding it to two groups first.
    const lastColon = s.lastIndexOf(":");
    const suffix = s.slice(lastColon + 1);
    if (suffix.includes(".")) {
      const v4 = parseIPv4(suffix);
      if (!v4) return undefined;
      const hex = `${((v4.bytes[0] << 8) | v4.bytes[1]).toString(16)}:${((v4.bytes[2] << 8) | v4.bytes[3]).toString(16)}`;
      const bytes = parseIPv6(s.slice(0, lastColon + 1) + hex);
      return bytes && { bytes, leadingZero: v4.leadingZero };
    }
    const bytes = parseIPv6(s);
    return bytes && { bytes, leadingZero: false };
  }
  return parseIPv4(s);
}

const isV4Mapped = (b: number[]) =>
  b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** The 4-byte form of an IPv4 or IPv4-mapped address (Go's To4), else undefined. */
export function to4(b: number[]): number[] | undefined {
  if (b.length === 4) return b;
  return isV4Mapped(b) ? b.slice(12) : undefined;
}

/** Go's IP.String(): dotted IPv4 (also for IPv4-mapped), RFC 5952 IPv6. */
export function ipString(b: number[]): string {
  const v4 = to4(b);
  if (v4) return v4.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  // The longest run of two or more zero groups (the first one on ties) becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** True for a valid address that is not IPv4 (Go: ParseIP(s) != nil && To4() == nil). */
export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== undefined && to4(ip.bytes) === undefined;
}

/** validation.IsValidIP: a strict, canonical IP address. */
export function isValidIP(path: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(path, value, ipMsg)];
  const errs: FieldError[] = [];
  if (ip.leadingZero) errs.push(invalid(path, value, "must not have leading 0s"));
  if (isV4Mapped(ip.bytes) && value.includes(":"))
    errs.push(invalid(path, value, "must not be an IPv4-mapped IPv6 address"));
  if (errs.length) return errs;
  const canonical = ipString(ip.bytes);
  if (value !== canonical) errs.push(invalid(path, value, `must be in canonical form ("${canonical}")`));
  return errs;
}

/** validation.IsValidCIDR: a strict, canonical CIDR with no host bits set. */
export function isValidCIDR(path: string, value: string): FieldError[] {
  const bad = [invalid(path, value, cidrMsg)];
  const slash = value.indexOf("/");
  if (slash < 0) return bad;
  const ip = parseIP(value.slice(0, slash));
  const prefixText = value.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(prefixText)) return bad;
  const bits = ip.bytes.length * 8;
  const prefix = Number(prefixText);
  if (prefix > bits) return bad;
  if (ip.leadingZero || (prefixText.length > 1 && prefixText[0] === "0"))
    return [invalid(path, value, "must not have leading 0s in IP or prefix length")];
  if (isV4Mapped(ip.bytes) && value.includes(":"))
    return [invalid(path, value, "must not have an IPv4-mapped IPv6 address")];
  const masked = ip.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  if (masked.some((b, i) => b !== ip.bytes[i]))
    return [invalid(path, value, "must not have bits set beyond the prefix length")];
  const canonical = `${ipString(masked)}/${prefix}`;
  if (value !== canonical) return [invalid(path, value, `must be in canonical form ("${canonical}")`)];
  return [];
}

/** ValidateNonSpecialIP: no unspecified, loopback or link-local addresses (Endpoints, externalIPs). */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(path, value, "must be a valid IP address")];
  const v4 = to4(ip.bytes);
  const b = ip.bytes;
  const errs: FieldError[] = [];
  const unspecified = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocalUnicast = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && (b[1] & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocalUnicast)
    errs.push(invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast)
    errs.push(invalid(path, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errs;
}

/** True for a valid IPv4 or IPv4-mapped address (Go: ParseIP(s).To4() != nil). */
export function isIPv4String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== undefined && to4(ip.bytes) !== undefined;
}

/** Go's 16-byte form of an address (IPv4 as ::ffff:a.b.c.d). */
export function to16(b: number[]): Uint8Array {
  return b.length === 16
    ? Uint8Array.from(b)
    : Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...b]);
}

/**
 * IsValidIPForLegacyField: any form netutils.ParseIPSloppy accepts (the StrictIPCIDRValidation gate is
 * off through 1.33); `validOldIPs` are the values an update may keep as they are.
 */
export function isValidIPForLegacyField(
  field: string,
  value: string,
  validOldIPs: string[] = [],
): FieldError[] {
  if (validOldIPs.includes(value)) return [];
  return parseIP(value) === undefined ? [invalid(field, value, ipMsg)] : [];
}

/** A parsed CIDR in the 128-bit space: IPv4 /24 has `bits` 120. */
export interface CIDR {
  ip: Uint8Array;
  bits: number;
  v4: boolean;
}

/** netutils.ParseCIDRSloppy: null when not a CIDR. */
export function parseCIDR(s: string): CIDR | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(lenText)) return null;
  const v4 = ip.bytes.length === 4;
  const len = Number(lenText);
  if (len > (v4 ? 32 : 128)) return null;
  return { ip: to16(ip.bytes), bits: v4 ? len + 96 : len, v4 };
}

/** IsValidCIDRForLegacyField: any form ParseCIDRSloppy accepts. */
export function isValidCIDRForLegacyField(
  field: string,
  value: string,
  validOldCIDRs: string[] = [],
): FieldError[] {
  if (validOldCIDRs.includes(value)) return [];
  return parseCIDR(value) === null ? [invalid(field, value, cidrMsg)] : [];
}

function toBig(ip: Uint8Array): bigint {
  return ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** Whether `inner`'s network address lies in `outer` (Go's ipnet.Contains on the masked network IP). */
export function cidrContainsNetwork(outer: CIDR, inner: CIDR): boolean {
  const mask = (bits: number) => ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - bits)) - 1n);
  const innerNet = toBig(inner.ip) & mask(inner.bits);
  return (innerNet & mask(outer.bits)) === (toBig(outer.ip) & mask(outer.bits));
}

/**
 * ValidateEndpointIP (EndpointSlice addresses): ValidateNonSpecialIP's rules for an address the caller
 * has already validated; an address that does not parse adds nothing here.
 */
export function validateEndpointIP(field: string, value: string): FieldError[] {
  return parseIP(value) === undefined ? [] : validateNonSpecialIP(value, field);
}

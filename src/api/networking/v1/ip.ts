// IP and CIDR parsing and validation as upstream's "legacy field" rules (k8s.io/utils/net ParseIPSloppy,
// apimachinery util/validation/ip.go): IPv4 octets may carry leading zeros; IPv4-mapped IPv6 counts as IPv4.
import { isIPv6 } from "node:net";
import { type FieldError, invalid } from "../../validation/field.js";

/** A parsed address in Go's 16-byte form (IPv4 as ::ffff:a.b.c.d). */
export type IP = Uint8Array;

function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** Like Go's netutils.ParseIPSloppy: null when not an IP. */
export function parseIP(s: string): IP | null {
  const v4 = parseIPv4(s);
  if (v4) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
  if (s.includes("%") || !isIPv6(s)) return null;
  return parseIPv6(s);
}

function parseIPv6(s: string): IP | null {
  let tail: number[] = [];
  let text = s;
  const lastColon = text.lastIndexOf(":");
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes(".")) {
    const v4 = parseIPv4(maybeV4);
    if (!v4) return null;
    tail = v4;
    text = text.slice(0, lastColon + 1) + "0:0";
  }
  const [head, rest] = text.includes("::") ? text.split("::") : [text, undefined];
  const groups = (g: string) => (g === "" ? [] : g.split(":").map((h) => parseInt(h, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (rest === undefined && fill !== 0)) return null;
  const words = [...left, ...new Array<number>(fill).fill(0), ...right];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  if (tail.length) out.set(tail, 12);
  return out;
}

/** Go's ip.To4() != nil. */
export function isIPv4(ip: IP): boolean {
  return ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
}

export function isIPv4String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && isIPv4(ip);
}

export function isIPv6String(s: string): boolean {
  const ip = parseIP(s);
  return ip !== null && !isIPv4(ip);
}

/** IsValidIPForLegacyField (non-strict: the StrictIPCIDRValidation gate is off in 1.33). */
export function isValidIPForLegacyField(
  field: string,
  value: string,
  validOldIPs: string[] = [],
): FieldError[] {
  if (validOldIPs.includes(value)) return [];
  if (parseIP(value) === null)
    return [invalid(field, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
  return [];
}

export interface CIDR {
  ip: IP;
  /** Prefix length in the 128-bit space (IPv4 /24 is 120). */
  bits: number;
  v4: boolean;
}

/** Like Go's netutils.ParseCIDRSloppy. */
export function parseCIDR(s: string): CIDR | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^[0-9]+$/.test(lenText)) return null;
  const v4 = parseIPv4(s.slice(0, slash)) !== null;
  const len = Number(lenText);
  if (len > (v4 ? 32 : 128)) return null;
  return { ip, bits: v4 ? len + 96 : len, v4 };
}

export function isValidCIDRForLegacyField(
  field: string,
  value: string,
  validOldCIDRs: string[] = [],
): FieldError[] {
  if (validOldCIDRs.includes(value)) return [];
  if (parseCIDR(value) === null)
    return [invalid(field, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
  return [];
}

function toBig(ip: IP): bigint {
  return ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** Whether `inner`'s network address lies in `outer` (Go's ipnet.Contains on the masked network IP). */
export function cidrContainsNetwork(outer: CIDR, inner: CIDR): boolean {
  const mask = (bits: number) => ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - bits)) - 1n);
  const innerNet = toBig(inner.ip) & mask(inner.bits);
  return (innerNet & mask(outer.bits)) === (toBig(outer.ip) & mask(outer.bits));
}

/** ValidateEndpointIP: addresses that make no sense as endpoints (pkg/apis/core/validation). */
export function validateEndpointIP(field: string, value: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [];
  const errs: FieldError[] = [];
  const v4 = isIPv4(ip);
  const b = ip;
  const unspecified = v4 ? b.slice(12).every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? b[12] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocal = v4 ? b[12] === 169 && b[13] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? b[12] === 224 && b[13] === 0 && b[14] === 0
    : b[0] === 0xff && (b[1] & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(field, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocal)
    errs.push(invalid(field, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast)
    errs.push(
      invalid(field, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"),
    );
  return errs;
}

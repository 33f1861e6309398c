// Chain names as upstream's proxier.go computes them: a prefix and the first 16 characters of the base32
// (RFC 4648, padded alphabet) encoding of sha256(servicePortName + lowercase protocol [+ "ip:port"]), so a
// Service port keeps the same chains across restarts and across implementations.
import { createHash } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(buf: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

// Every sync names every chain again: the hashes are remembered (bounded; cleared when it grows past the
// limit) instead of recomputing 11,000 sha256 digests for 1,000 Services × 10 endpoints.
const hashCache = new Map<string, string>();
const hashCacheLimit = 200_000;

function hash16(input: string): string {
  let h = hashCache.get(input);
  if (h === undefined) {
    h = base32(createHash("sha256").update(input).digest()).slice(0, 16);
    if (hashCache.size >= hashCacheLimit) hashCache.clear();
    hashCache.set(input, h);
  }
  return h;
}

export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol.toLowerCase());
}

export const servicePortChainName = (spn: string, proto: string) => `KUBE-SVC-${portProtoHash(spn, proto)}`;
export const serviceLocalChainName = (spn: string, proto: string) => `KUBE-SVL-${portProtoHash(spn, proto)}`;
export const externalTrafficChainName = (spn: string, proto: string) =>
  `KUBE-EXT-${portProtoHash(spn, proto)}`;

export const serviceFirewallChainName = (spn: string, proto: string) =>
  `KUBE-FW-${portProtoHash(spn, proto)}`;

export function servicePortEndpointChainName(spn: string, proto: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(spn + proto.toLowerCase() + endpoint)}`;
}

/** The per-service chains this proxier owns (and deletes when they are no longer needed). */
export function isServiceChain(name: string): boolean {
  return /^KUBE-(SVC|SVL|EXT|SEP|FW)-[A-Z2-7]{16}$/.test(name);
}

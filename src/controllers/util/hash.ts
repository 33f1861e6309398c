// The pod-template-hash (controller.ComputeHash): FNV-32a of the pod template, then the collision count as
// 8 little-endian bytes, printed in decimal and mapped onto upstream's SafeEncodeString alphabet (no vowels,
// no digits that read like letters). Upstream feeds FNV with go-spew's dump of the Go struct; k8ts feeds it
// the template's canonical JSON (keys sorted), so the values differ from upstream's but share its form.

const alphanums = "bcdfghjklmnpqrstvwxz2456789";

/** rand.SafeEncodeString */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

/** FNV-1a, 32 bits, over the given byte chunks. */
export function fnv32a(...chunks: Uint8Array[]): number {
  let h = fnvOffset;
  for (const bytes of chunks)
    for (const b of bytes) {
      h ^= b;
      h = Math.imul(h, fnvPrime);
    }
  return h >>> 0;
}

/** JSON with object keys sorted at every level, so equal templates hash equally. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJSON(x === undefined ? null : x)).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJSON(x)}`).join(",")}}`;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  const chunks = [new TextEncoder().encode(canonicalJSON(template))];
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    chunks.push(b);
  }
  return safeEncodeString(String(fnv32a(...chunks)));
}

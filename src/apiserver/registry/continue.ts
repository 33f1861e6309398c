// Continue tokens as upstream's storage/continue.go: base64url(JSON{"v":"meta.k8s.io/v1","rv":N,"start":key})
// where start is the next key relative to the list's key prefix.
import { badRequest } from "../errors.js";
import { cleanPath } from "../request/path.js";

export function encodeContinue(nextKey: string, keyPrefix: string, rv: number): string {
  const start = nextKey.startsWith(keyPrefix) ? nextKey.slice(keyPrefix.length) : nextKey;
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64url");
}

/** Go's base64.RawURLEncoding.DecodeString validation: the offset of the first bad byte, or -1. */
function invalidRawURLBase64(s: string): number {
  for (let i = 0; i < s.length; i++) if (!/[A-Za-z0-9_-]/.test(s[i])) return i;
  if (s.length % 4 === 1) return s.length - 1;
  return -1;
}

/** The key to resume at and the revision of the first page; throws 400 "invalid continue token: ...". */
export function decodeContinue(token: string, keyPrefix: string): { startKey: string; rv: number } {
  const fail = (msg: string) => badRequest(`invalid continue token: ${msg}`);
  const bad = invalidRawURLBase64(token);
  if (bad >= 0) throw fail(`continue key is not valid: illegal base64 data at input byte ${bad}`);
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw fail("continue key is not valid: invalid character looking for beginning of value");
  }
  if (!c || typeof c !== "object" || Array.isArray(c)) throw fail("continue key is not valid");
  const { v, rv, start } = c as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== "meta.k8s.io/v1")
    throw fail(
      `continue key is not valid: server does not recognize this encoded version ${typeof v === "string" ? v : ""}`,
    );
  if (typeof rv !== "number" || !Number.isInteger(rv) || rv === 0)
    throw fail("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  if (typeof start !== "string" || start.length === 0)
    throw fail("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
  const key = start.startsWith("/") ? start : "/" + start;
  if (cleanPath(key) !== key) throw fail(`continue key is not valid: ${start}`);
  return { startKey: keyPrefix + key.slice(1), rv };
}

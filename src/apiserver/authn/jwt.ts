// Compact JWS (RFC 7515) with ES256 only, for ServiceAccount tokens. Verification accepts exactly the
// algorithm of the key: "none", HS256 or any other header is refused (the classic JWT forgeries).
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** upstream keyIDFromPublicKey: base64url(sha256(DER of the public key)). */
export function keyId(publicKey: KeyObject): string {
  return b64url(
    createHash("sha256")
      .update(publicKey.export({ format: "der", type: "spki" }))
      .digest(),
  );
}

export function signJwt(claims: object, privateKey: KeyObject, kid: string): string {
  const header = b64url(JSON.stringify({ alg: "ES256", kid }));
  const payload = b64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const sig = sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${b64url(sig)}`;
}

/** Looks like a JWT (three base64url parts), as upstream's authenticator checks before verifying. */
export const looksLikeJwt = (token: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);

/** The payload when the signature verifies under one of the keys; otherwise undefined. */
export function verifyJwt(token: string, publicKeys: KeyObject[]): Record<string, unknown> | undefined {
  if (token.length > 16 * 1024 || !looksLikeJwt(token)) return undefined;
  const [h, p, s] = token.split(".");
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!header || typeof header !== "object" || (header as { alg?: unknown }).alg !== "ES256")
    return undefined;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return undefined;
  const sig = Buffer.from(s, "base64url");
  if (sig.length !== 64) return undefined;
  const data = Buffer.from(`${h}.${p}`);
  for (const key of publicKeys)
    if (verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, sig))
      return payload as Record<string, unknown>;
  return undefined;
}

export const publicKeyOf = (privateKey: KeyObject) => createPublicKey(privateKey);

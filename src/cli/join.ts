// How `k8ts agent` joins a server it has never seen, as k3s agents do. The join token the server writes to
// <data-dir>/server/node-token is "K10<sha256 of the CA certificate>::<secret>": the agent first learns the
// server's certificate chain without sending anything, keeps the CA only if its digest is the one in the token
// (so a man in the middle learns nothing and cannot pose as the server), then presents the secret as a bearer
// token to request its node certificates through the CertificateSigningRequest API.
import { connect, type PeerCertificate, type DetailedPeerCertificate } from "node:tls";
import { X509Certificate, createHash } from "node:crypto";

export interface JoinToken {
  /** Hex SHA-256 of the CA certificate (DER), when the token pins it. */
  caHash?: string;
  secret: string;
}

export function parseJoinToken(token: string): JoinToken {
  const m = /^K10([0-9a-f]{64})::(.+)$/.exec(token.trim());
  if (m) return { caHash: m[1], secret: m[2] };
  return { secret: token.trim() };
}

export function caHash(caPem: string): string {
  return createHash("sha256").update(new X509Certificate(caPem).raw).digest("hex");
}

/** The token agents join with: the CA pin and the server's secret. */
export function formatJoinToken(caPem: string, secret: string): string {
  return `K10${caHash(caPem)}::${secret}`;
}

function pem(der: Buffer): string {
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n");
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
}

/** The certificates the server presents (leaf first), read without verifying them and without sending data. */
export function peerChain(url: string, timeoutMs = 10_000): Promise<string[]> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({
      host: u.hostname,
      port: Number(u.port || 443),
      rejectUnauthorized: false,
      servername: /^[\d.]+$|:/.test(u.hostname) ? undefined : u.hostname,
    });
    const timer = setTimeout(
      () => s.destroy(new Error(`no TLS handshake with ${url} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    s.once("secureConnect", () => {
      clearTimeout(timer);
      const out: string[] = [];
      let c: DetailedPeerCertificate | PeerCertificate | undefined = s.getPeerCertificate(true);
      const seen = new Set<string>();
      while (c && "raw" in c && c.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        out.push(pem(c.raw));
        c = (c as DetailedPeerCertificate).issuerCertificate;
      }
      s.end();
      resolve(out);
    });
    s.once("error", (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** The server's CA certificate, trusted because its digest is the token's pin. */
export async function discoverCA(server: string, token: JoinToken): Promise<string> {
  if (!token.caHash)
    throw new Error(
      "the token does not pin the server's CA (want K10<hash>::<secret>, from <data-dir>/server/node-token)",
    );
  const chain = await peerChain(server);
  const ca = chain.find((c) => caHash(c) === token.caHash);
  if (!ca)
    throw new Error(
      `the server at ${server} does not present the CA the token pins (sha256 ${token.caHash})`,
    );
  // the leaf must really be issued by that CA
  if (!new X509Certificate(chain[0]).verify(new X509Certificate(ca).publicKey))
    throw new Error(`the server's certificate is not signed by the pinned CA`);
  return ca;
}

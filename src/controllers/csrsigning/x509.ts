// Reading a CertificateSigningRequest's PKCS#10 request (k8s.io/client-go/util/cert ParseCSR) and issuing a
// certificate for it with a CA. @peculiar/x509 is loaded on first use, so a controller manager that never
// sees a CSR does not pay for it.
import { webcrypto, randomBytes } from "node:crypto";

type X509 = typeof import("@peculiar/x509");
let lib: Promise<X509> | undefined;
export function x509(): Promise<X509> {
  lib ??= (async () => {
    await import("reflect-metadata");
    const x = await import("@peculiar/x509");
    x.cryptoProvider.set(webcrypto as any);
    return x;
  })();
  return lib;
}

export interface ParsedRequest {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ips: string[];
  emails: string[];
  uris: string[];
  /** The request's signature verifies with its own public key. */
  signatureValid: boolean;
  raw: import("@peculiar/x509").Pkcs10CertificateRequest;
}

/** Parses the PEM "CERTIFICATE REQUEST" of spec.request (base64 in JSON); throws on malformed input. */
export async function parseCertificateRequest(requestB64: string): Promise<ParsedRequest> {
  const x = await x509();
  const pem = Buffer.from(requestB64, "base64").toString("latin1");
  const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(pem);
  if (!m) throw new Error("PEM block type must be CERTIFICATE REQUEST");
  const csr = new x.Pkcs10CertificateRequest(Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
  const san = csr.getExtension("2.5.29.17"); // subjectAltName
  const names = san ? new x.SubjectAlternativeNameExtension(san.rawData).names.items : [];
  const of = (t: string) => names.filter((n) => n.type === t).map((n) => n.value);
  return {
    commonName: csr.subjectName.getField("CN")[0] ?? "",
    organizations: csr.subjectName.getField("O"),
    dnsNames: of("dns"),
    ips: of("ip"),
    emails: of("email"),
    uris: of("url"),
    signatureValid: await csr.verify(),
    raw: csr,
  };
}

export interface SigningCA {
  cert: string; // PEM
  key: string; // PEM PKCS#8 (ECDSA P-256, as src/apiserver/pki generates)
}

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** Issues a certificate for the request: its subject, key and SANs, the usages asked for, valid `seconds`. */
export async function signCertificate(
  ca: SigningCA,
  req: ParsedRequest,
  usages: string[],
  seconds: number,
  now = Date.now(),
): Promise<string> {
  const x = await x509();
  const caCert = new x.X509Certificate(ca.cert);
  const der = Buffer.from(ca.key.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  const caKey = await webcrypto.subtle.importKey("pkcs8", der, alg, false, ["sign"]);
  let keyUsage = 0;
  const eku: string[] = [];
  for (const u of usages) {
    if (u === "digital signature" || u === "signing") keyUsage |= x.KeyUsageFlags.digitalSignature;
    else if (u === "key encipherment") keyUsage |= x.KeyUsageFlags.keyEncipherment;
    else if (u === "content commitment") keyUsage |= x.KeyUsageFlags.nonRepudiation;
    else if (u === "key agreement") keyUsage |= x.KeyUsageFlags.keyAgreement;
    else if (u === "data encipherment") keyUsage |= x.KeyUsageFlags.dataEncipherment;
    else if (u === "server auth") eku.push(x.ExtendedKeyUsage.serverAuth);
    else if (u === "client auth") eku.push(x.ExtendedKeyUsage.clientAuth);
  }
  const extensions: import("@peculiar/x509").Extension[] = [
    new x.BasicConstraintsExtension(false, undefined, true),
    await x.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  // as Go's x509, no keyUsage extension when no key usage was asked for (an empty one is invalid)
  if (keyUsage) extensions.push(new x.KeyUsagesExtension(keyUsage, true));
  if (eku.length) extensions.push(new x.ExtendedKeyUsageExtension(eku));
  const names = [
    ...req.dnsNames.map((value) => ({ type: "dns" as const, value })),
    ...req.ips.map((value) => ({ type: "ip" as const, value })),
  ];
  if (names.length) extensions.push(new x.SubjectAlternativeNameExtension(names));
  // upstream backdates by five minutes for clock skew, and never past the CA's own expiry
  const notAfter = Math.min(now + seconds * 1000, caCert.notAfter.getTime());
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: "01" + randomBytes(15).toString("hex"),
    subject: req.raw.subjectName,
    issuer: caCert.subject,
    notBefore: new Date(now - 5 * 60_000),
    notAfter: new Date(notAfter),
    publicKey: req.raw.publicKey,
    signingKey: caKey,
    signingAlgorithm: alg,
    extensions,
  });
  return cert.toString("pem") + "\n";
}

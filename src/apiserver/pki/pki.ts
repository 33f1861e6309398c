// The cluster's PKI: one CA that signs the API server's serving certificate and client certificates
// (user = CN, groups = O, as upstream's x509 authenticator reads them). Files live in <data-dir>/server/tls,
// named as k3s names them. @peculiar/x509 is loaded only when something must be generated, so a warm start
// does not pay for it.
import { webcrypto, X509Certificate, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile, access } from "node:fs/promises";
import { join } from "node:path";

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

export interface CertKey {
  cert: string; // PEM
  key: string; // PEM (PKCS#8)
}

export interface ClusterPki {
  dir: string;
  ca: CertKey;
  serving: CertKey;
  admin: CertKey;
  /** The API server's client certificate towards kubelets (CN kube-apiserver-kubelet-client, O system:masters). */
  kubeletClient: CertKey;
}

export interface PkiOptions {
  /** DNS names the serving certificate is valid for (beside localhost and kubernetes.default.svc...). */
  dnsNames?: string[];
  /** IP addresses the serving certificate is valid for (beside 127.0.0.1 and ::1). */
  ips?: string[];
}

async function x509() {
  await import("reflect-metadata");
  const x = await import("@peculiar/x509");
  x.cryptoProvider.set(webcrypto as any);
  return x;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}${b64.endsWith("\n") ? "" : "\n"}-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return webcrypto.subtle.importKey("pkcs8", der, alg, true, ["sign"]);
}

const serial = () => "01" + randomBytes(15).toString("hex");
const years = (n: number) => new Date(Date.now() + n * 365 * 24 * 3600 * 1000);
/** Certificates are valid from a minute ago, so clocks a little apart still accept them. */
const notBefore = () => new Date(Date.now() - 60_000);

/** Escapes a value for an X.500 name string (RFC 4514). */
const rdn = (v: string) => v.replace(/([,+"\\<>;=])/g, "\\$1");

export async function generateCa(commonName: string): Promise<CertKey> {
  const x = await x509();
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${rdn(commonName)}`,
    notBefore: notBefore(),
    notAfter: years(10),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x.BasicConstraintsExtension(true, undefined, true),
      new x.KeyUsagesExtension(
        x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    cert: cert.toString("pem") + "\n",
    key: pemKey(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
  };
}

export interface LeafOptions {
  commonName: string;
  organizations?: string[];
  dnsNames?: string[];
  ips?: string[];
  usage: "server" | "client";
  validYears?: number;
}

/** Issues a certificate signed by the CA. */
export async function issueCertificate(ca: CertKey, o: LeafOptions): Promise<CertKey> {
  const x = await x509();
  const caCert = new x.X509Certificate(ca.cert);
  const caKey = await importKey(ca.key);
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const subject = [...(o.organizations ?? []).map((org) => `O=${rdn(org)}`), `CN=${rdn(o.commonName)}`].join(
    ", ",
  );
  const extensions: import("@peculiar/x509").Extension[] = [
    new x.BasicConstraintsExtension(false, undefined, true),
    new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment, true),
    new x.ExtendedKeyUsageExtension([
      o.usage === "server" ? x.ExtendedKeyUsage.serverAuth : x.ExtendedKeyUsage.clientAuth,
    ]),
    await x.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  const names = [
    ...(o.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(o.ips ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  if (names.length) extensions.push(new x.SubjectAlternativeNameExtension(names));
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: notBefore(),
    notAfter: years(o.validYears ?? 1),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: alg,
    extensions,
  });
  return {
    cert: cert.toString("pem") + "\n",
    key: pemKey(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)),
  };
}

async function loadOrCreate(dir: string, name: string, create: () => Promise<CertKey>): Promise<CertKey> {
  const crt = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if ((await exists(crt)) && (await exists(key))) {
    return { cert: await readFile(crt, "utf8"), key: await readFile(key, "utf8") };
  }
  const ck = await create();
  await writeFile(key, ck.key, { mode: 0o600 });
  await writeFile(crt, ck.cert, { mode: 0o644 });
  return ck;
}

/** True if the PEM certificate covers every name and IP given. */
function covers(pem: string, dnsNames: string[], ips: string[]): boolean {
  const c = new X509Certificate(pem);
  const san = c.subjectAltName ?? "";
  return dnsNames.every((d) => san.includes(`DNS:${d}`)) && ips.every((ip) => c.checkIP(ip) !== undefined);
}

/**
 * Loads the cluster PKI from <dataDir>/server/tls, creating what is missing: the CA (server-ca), the serving
 * certificate (serving-kube-apiserver; re-issued when its SANs no longer cover the requested names) and the admin
 * client certificate (client-admin: CN=system:admin, O=system:masters) and the API server's client
 * certificate towards kubelets (client-kube-apiserver: CN=kube-apiserver-kubelet-client, O=system:masters).
 */
export async function ensurePki(dataDir: string, o: PkiOptions = {}): Promise<ClusterPki> {
  const dir = join(dataDir, "server", "tls");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = await loadOrCreate(dir, "server-ca", () =>
    generateCa(`k8ts-server-ca@${Math.floor(Date.now() / 1000)}`),
  );
  const dnsNames = [
    "localhost",
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
    ...(o.dnsNames ?? []),
  ];
  const ips = ["127.0.0.1", "::1", ...(o.ips ?? [])];
  const issueServing = () =>
    issueCertificate(ca, { commonName: "kube-apiserver", dnsNames, ips, usage: "server" });
  let serving = await loadOrCreate(dir, "serving-kube-apiserver", issueServing);
  if (!covers(serving.cert, dnsNames, ips)) {
    serving = await issueServing();
    await writeFile(join(dir, "serving-kube-apiserver.key"), serving.key, { mode: 0o600 });
    await writeFile(join(dir, "serving-kube-apiserver.crt"), serving.cert);
  }
  const admin = await loadOrCreate(dir, "client-admin", () =>
    issueCertificate(ca, { commonName: "system:admin", organizations: ["system:masters"], usage: "client" }),
  );
  const kubeletClient = await loadOrCreate(dir, "client-kube-apiserver", () =>
    issueCertificate(ca, {
      commonName: "kube-apiserver-kubelet-client",
      organizations: ["system:masters"],
      usage: "client",
    }),
  );
  return { dir, ca, serving, admin, kubeletClient };
}

/**
 * A kubelet's serving certificate (what upstream's kubelet asks for in its serving CSR): CN
 * system:node:<nodeName>, O system:nodes, valid for the node's name and addresses.
 */
export function issueKubeletServingCertificate(
  ca: CertKey,
  nodeName: string,
  ips: string[],
  dnsNames: string[] = [],
): Promise<CertKey> {
  return issueCertificate(ca, {
    commonName: `system:node:${nodeName}`,
    organizations: ["system:nodes"],
    dnsNames: [...new Set([nodeName, ...dnsNames])],
    ips,
    usage: "server",
  });
}

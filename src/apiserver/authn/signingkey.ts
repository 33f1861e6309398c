// The ServiceAccount token signing key: <data-dir>/server/tls/service.key, an EC P-256 key in PKCS#8 PEM,
// generated on first start (upstream: --service-account-key-file / --service-account-signing-key-file).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export async function ensureServiceAccountKey(path: string): Promise<KeyObject> {
  try {
    return createPrivateKey(await readFile(path, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, privateKey.export({ format: "pem", type: "pkcs8" }), {
    mode: 0o600,
    flag: "wx",
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "EEXIST") throw e;
  });
  return createPrivateKey(await readFile(path, "utf8"));
}

// The admin kubeconfig k8ts writes at start (like k3s's /etc/rancher/k3s/k3s.yaml): the cluster CA, the
// server URL and the admin client certificate, embedded so the file is self-contained.
import { writeFile, mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigOptions {
  server: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  name?: string;
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

export function renderKubeconfig(o: KubeconfigOptions): string {
  const name = o.name ?? "default";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: o.server, "certificate-authority-data": b64(o.caCert) } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    preferences: {},
    users: [
      { name, user: { "client-certificate-data": b64(o.clientCert), "client-key-data": b64(o.clientKey) } },
    ],
  });
}

/** Writes atomically (rename), mode 0600: it holds the admin's private key. */
export async function writeKubeconfig(path: string, o: KubeconfigOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, renderKubeconfig(o), { mode: 0o600 });
  await rename(tmp, path);
}

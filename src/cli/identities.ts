// The security wiring of `k8ts server`, kept out of server.ts: encryption at rest around the store, the
// audit backend, per-component client identities, and the bootstrap token agents join with.
import { readFile, writeFile } from "node:fs/promises";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { issueCertificate, type CertKey, type ClusterPki } from "../apiserver/pki/pki.js";
import type { RestConfig } from "../client/rest/config.js";
import { RestClient } from "../client/rest/client.js";
import { clientFor } from "../client/index.js";
import { isAlreadyExists } from "../client/rest/errors.js";
import type { Logger } from "../client/log.js";
import { serviceAccounts } from "../api/core/v1/serviceaccount.js";
import { secrets } from "../api/core/v1/secret.js";
import { bootstrapTokenFromJoinToken } from "../client/certificates/bootstraptoken.js";
import type { Store } from "../storage/store.js";
import { parseEncryptionConfig } from "../apiserver/encryption/config.js";
import { EncryptingStore } from "../apiserver/encryption/store.js";
import { Auditor, fileAuditSink } from "../apiserver/audit/audit.js";
import { addonUsers } from "../apiserver/rbac/bootstrappolicy.js";
import { parsePolicy } from "../apiserver/audit/policy.js";

/** --encryption-provider-config: the store wrapped in the configured transformers (or as is). */
export async function withEncryption(store: Store, file: string | undefined): Promise<Store> {
  if (!file) return store;
  try {
    return new EncryptingStore(store, parseEncryptionConfig(await readFile(file, "utf8")));
  } catch (e) {
    await store.close();
    throw new Error(`--encryption-provider-config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** --audit-policy-file and --audit-log-path: an Auditor writing JSON lines, or undefined (no auditing). */
export async function auditorFromFlags(
  policyFile: string | undefined,
  logPath: string | undefined,
): Promise<{ auditor: Auditor; close(): Promise<void> } | undefined> {
  if (!policyFile || !logPath) return undefined;
  let policy;
  try {
    policy = parsePolicy(await readFile(policyFile, "utf8"));
  } catch (e) {
    throw new Error(`--audit-policy-file ${policyFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out = fileAuditSink(logPath);
  return { auditor: new Auditor(policy, out.sink), close: () => out.close() };
}

// ---- per-component identities -------------------------------------------------------------------------

/** A client certificate from the cluster CA, kept in <data-dir>/server/tls/<file>.{crt,key} (k3s names). */
async function componentCertificate(
  pki: ClusterPki,
  file: string,
  commonName: string,
  organizations: string[] = [],
): Promise<CertKey> {
  const crt = join(pki.dir, `${file}.crt`);
  const key = join(pki.dir, `${file}.key`);
  try {
    const ck = { cert: await readFile(crt, "utf8"), key: await readFile(key, "utf8") };
    // re-issue when the CA changed or the certificate is about to expire
    const x = new X509Certificate(ck.cert);
    if (x.checkIssued(new X509Certificate(pki.ca.cert)) && Date.parse(x.validTo) > Date.now() + 24 * 3600_000)
      return ck;
  } catch {
    // missing or unreadable: issue a new one
  }
  const ck = await issueCertificate(pki.ca, { commonName, organizations, usage: "client" });
  await writeFile(key, ck.key, { mode: 0o600 });
  await writeFile(crt, ck.cert, { mode: 0o644 });
  return ck;
}

/** The scheduler's identity: system:kube-scheduler (client-scheduler.crt). */
export const schedulerCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-scheduler", "system:kube-scheduler");

/** The controller manager's identity: system:kube-controller-manager (client-controller.crt). */
export const controllerManagerCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-controller", "system:kube-controller-manager");

/**
 * A kubelet's identity on this server: CN=system:node:<name>, O=system:nodes (client-kubelet-<name>.crt), what
 * the Node authorizer and NodeRestriction know it by. Agents on other hosts get theirs through the CSR API
 * instead (src/client/certificates requestNodeCertificate).
 */
export const nodeCertificate = (pki: ClusterPki, nodeName: string) =>
  componentCertificate(pki, `client-kubelet-${nodeName}`, `system:node:${nodeName}`, ["system:nodes"]);

/** The RestConfig of a component with its own certificate. */
export const restConfigWith = (base: RestConfig, ck: CertKey): RestConfig => ({
  ...base,
  cert: ck.cert,
  key: ck.key,
});

/**
 * The ServiceAccount in kube-system each controller acts as (upstream's --use-service-account-credentials, on
 * in k3s): the controller manager's own identity only lists and watches (the shared informers) and mints
 * these ServiceAccounts' tokens; each controller writes with its own, holding only its bootstrap role.
 */
export const controllerServiceAccountNames: Record<string, string> = {
  deployment: "deployment-controller",
  replicaset: "replicaset-controller",
  garbagecollector: "generic-garbage-collector",
  namespace: "namespace-controller",
  serviceaccount: "service-account-controller",
  nodelifecycle: "node-controller",
  "taint-eviction-controller": "taint-eviction-controller",
  nodeipam: "node-controller",
  endpoint: "endpoint-controller",
  endpointslice: "endpointslice-controller",
  podgc: "pod-garbage-collector",
  disruption: "disruption-controller",
  tokencleaner: "token-cleaner",
  csrsigning: "certificate-controller",
  csrapproving: "certificate-controller",
  "root-ca-cert-publisher": "root-ca-cert-publisher",
  resourcequota: "resourcequota-controller",
  cronjob: "cronjob-controller",
  job: "job-controller",
  "ttl-after-finished": "ttl-after-finished-controller",
};

const tokenSeconds = 3600;

/**
 * upstream's SAControllerClientBuilder: ensures kube-system/<sa> exists, gets a token for it through the
 * TokenRequest API with the controller manager's own client, and keeps it fresh (at 80% of its life) until
 * `signal` aborts. Returns the RestConfig (without a client certificate) whose token is refreshed in place.
 */
export async function serviceAccountCredentials(
  root: RestClient,
  base: RestConfig,
  serviceAccount: string,
  signal: AbortSignal,
  log: Logger,
): Promise<RestConfig> {
  const sas = clientFor(root, serviceAccounts);
  try {
    await sas.create("kube-system", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: serviceAccount, namespace: "kube-system" },
    });
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
  const token = async () => {
    const tr = await root.raw<{ status: { token: string } }>(
      "POST",
      `/api/v1/namespaces/kube-system/serviceaccounts/${serviceAccount}/token`,
      {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: { expirationSeconds: tokenSeconds },
      },
    );
    return tr.status.token;
  };
  const cfg: RestConfig = { ...base, cert: undefined, key: undefined, token: await token() };
  const refresh = () => {
    if (signal.aborted) return;
    token().then(
      (t) => {
        cfg.token = t;
        timer = setTimeout(refresh, tokenSeconds * 800).unref();
      },
      (err: unknown) => {
        log.warn({ serviceAccount, err: String(err) }, "refreshing controller token failed");
        timer = setTimeout(refresh, 10_000).unref();
      },
    );
  };
  let timer = setTimeout(refresh, tokenSeconds * 800).unref();
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  return cfg;
}

/** ComponentOptions.controllerCredentials for a controller manager whose own identity is `managerRest`. */
export function controllerCredentials(
  managerRest: RestConfig,
  log: Logger,
): (controller: string, signal: AbortSignal) => Promise<RestConfig | undefined> {
  let root: RestClient | undefined;
  return async (controller, signal) => {
    const sa = controllerServiceAccountNames[controller];
    if (!sa) return undefined;
    if (!root) {
      const client = (root = new RestClient({
        ...managerRest,
        qps: 200,
        burst: 400,
        userAgent: "k8ts/kube-controller-manager/tokens",
      }));
      signal.addEventListener("abort", () => client.close(), { once: true });
    }
    return serviceAccountCredentials(root, managerRest, sa, signal, log);
  };
}

/** The agents' bootstrap token group (what k3s' node token carries). */
export const agentBootstrapGroup = "system:bootstrappers:k8ts:default-node-token";

/**
 * Creates (or keeps) kube-system/bootstrap-token-<id> for the token derived from the join token, so agents
 * that know `--token` can ask for their node certificate. No expiration: it lives as long as the join token.
 */
export async function ensureAgentBootstrapToken(
  rest: RestConfig,
  joinToken: string,
  log: Logger,
): Promise<void> {
  const { id, secret } = bootstrapTokenFromJoinToken(joinToken);
  const client = new RestClient({ ...rest, userAgent: "k8ts/server" });
  try {
    await clientFor(client, secrets).create("kube-system", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `bootstrap-token-${id}`, namespace: "kube-system" },
      type: "bootstrap.kubernetes.io/token",
      stringData: {
        "token-id": id,
        "token-secret": secret,
        description: "k8ts agents join with this token, derived from the server's --token",
        "usage-bootstrap-authentication": "true",
        "auth-extra-groups": agentBootstrapGroup,
      },
    });
    log.info({ tokenId: id }, "created the agents' bootstrap token");
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  } finally {
    client.close();
  }
}

/** kube-proxy's identity on this server: system:kube-proxy (client-kube-proxy.crt), bound to system:node-proxier. */
export const kubeProxyCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-kube-proxy", "system:kube-proxy");

// The components k8ts runs beside the control plane, each with its own user and the role bound to it in the
// bootstrap policy (src/apiserver/rbac/bootstrappolicy.ts addonRoles).

/** Cluster DNS: system:k8ts:cluster-dns (client-cluster-dns.crt), bound to CoreDNS's system:coredns. */
export const clusterDNSCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-cluster-dns", addonUsers.clusterDNS);

/** The ingress controller: system:k8ts:ingress-controller (client-ingress-controller.crt). */
export const ingressControllerCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-ingress-controller", addonUsers.ingressController);

/** The cloud controller manager: upstream's user system:cloud-controller-manager (client-cloud-controller.crt). */
export const cloudControllerManagerCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-cloud-controller", addonUsers.cloudControllerManager);

/**
 * The simulated nodes (--simulated-nodes): one identity for all of them, system:k8ts:simulated-nodes
 * (client-simulated-nodes.crt). Not system:node:<name> in system:nodes: the Node authorizer wants a user per
 * node, and one process acting for thousands of nodes holds one credential anyway.
 */
export const simulatedNodesCertificate = (pki: ClusterPki) =>
  componentCertificate(pki, "client-simulated-nodes", addonUsers.simulatedNodes);

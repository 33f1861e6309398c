// `k8ts server`: the control plane in one process (k3s-style flags). Today: API server + store; the scheduler,
// controllers and agent join as their issues land.
import { createServer as createHttpsServer } from "node:https";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { networkInterfaces } from "node:os";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ensurePki } from "../apiserver/pki/pki.js";
import { createAuthenticator, parseTokenFile } from "../apiserver/authn/index.js";
import { createApiServer } from "../apiserver/server.js";
import { ensureServiceAccountKey } from "../apiserver/authn/signingkey.js";
import { defaultAdmissionPlugins } from "../apiserver/admission/plugins.js";
import { openStore } from "../storage/index.js";
import { allResources } from "../api/index.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { createLogger } from "./log.js";
import { releaseYoungGeneration } from "./young-generation.js";
import { runControllerManager, runScheduler, runSimulatedNodes } from "./components.js";
import { runCloudControllerManager, runIngressController } from "./cloudingress.js";
import { parseNodeCapacity } from "../kubelet/simulated/index.js";
import { parseDuration } from "./duration.js";
import { expandHome } from "./paths.js";
import {
  auditorFromFlags,
  controllerCredentials,
  cloudControllerManagerCertificate,
  clusterDNSCertificate,
  controllerManagerCertificate,
  ingressControllerCertificate,
  ensureAgentBootstrapToken,
  restConfigWith,
  schedulerCertificate,
  simulatedNodesCertificate,
  withEncryption,
} from "./identities.js";
import { formatJoinToken } from "./join.js";
import { RestClient } from "../client/rest/client.js";
import type { RestConfig } from "../client/rest/config.js";
import { clientFor } from "../client/index.js";
import { nodes as nodeResource, type Node } from "../api/core/v1/node.js";

export interface ServerFlags {
  dataDir: string;
  httpsListenPort: string;
  bindAddress: string;
  advertiseAddress?: string;
  writeKubeconfig?: string;
  datastoreEndpoint?: string;
  datastoreSync: string;
  disableAgent?: boolean;
  token?: string;
  tokenAuthFile?: string;
  logLevel: string;
  serviceCidr: string;
  serviceNodePortRange: string;
  clusterCidr: string;
  disableControllerManager?: boolean;
  disableScheduler?: boolean;
  simulatedNodes: string;
  simulatedNodeCapacity?: string;
  nodeMonitorGracePeriod: string;
  nodeMonitorPeriod: string;
  controllers: string;
  authorizationMode: string;
  enableAdmissionPlugins: string;
  disableAdmissionPlugins: string;
  serviceAccountIssuer?: string;
  apiAudiences?: string;
  // security: encryption at rest and audit
  encryptionProviderConfig?: string;
  auditPolicyFile?: string;
  auditLogPath?: string;
  nodeName?: string;
  nodeIp?: string;
  runtime?: string;
  installPackages: boolean;
  kubeletPort: string;
  clusterDomain: string;
  clusterDns?: string;
  cniBridge: string;
  disableCloudController?: boolean;
  cloudProvider: string;
  servicelbAddresses?: string;
  disableIngress?: boolean;
  ingressHttpPort: string;
  ingressHttpsPort: string;
}

const splitList = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** --enable-admission-plugins adds to upstream's default set; --disable-admission-plugins removes. */
function admissionPlugins(f: ServerFlags): string[] {
  const off = new Set(splitList(f.disableAdmissionPlugins));
  // security: ServiceAccount needs the controller manager's serviceaccount and root-ca-cert-publisher controllers
  const defaults = f.disableControllerManager
    ? defaultAdmissionPlugins.filter((p) => p !== "ServiceAccount")
    : defaultAdmissionPlugins;
  return [...new Set([...defaults, ...splitList(f.enableAdmissionPlugins)])].filter((p) => !off.has(p));
}

/**
 * The address other hosts and pods reach the API server at (the default/kubernetes endpoints): the flag, the bind
 * address when it is specific, else the host's first non-loopback IPv4 address (as upstream picks the default
 * route's). Loopback addresses are not advertised (upstream rejects them in Endpoints).
 */
function advertiseAddress(f: ServerFlags): string {
  if (f.advertiseAddress) return f.advertiseAddress;
  if (f.bindAddress !== "0.0.0.0" && f.bindAddress !== "::") return f.bindAddress;
  for (const addrs of Object.values(networkInterfaces()))
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return "127.0.0.1";
}

/** The cluster join token (k3s's --token): given, or read from / generated into <data-dir>/server/token. */
async function clusterToken(dataDir: string, given?: string): Promise<string> {
  const file = join(dataDir, "server", "token");
  if (given) {
    await writeFile(file, given + "\n", { mode: 0o600 });
    return given;
  }
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const t = "K10" + randomBytes(24).toString("hex");
    await writeFile(file, t + "\n", { mode: 0o600 });
    return t;
  }
}

/** Waits until the node is Ready and free of the taints that keep pods off a node that is not (not-ready,
 * uninitialized), so a pod created next is scheduled at once: true then, false when the signal ends the wait
 * (the agent stopped) or 15 s passed. */
async function nodeSchedulable(rest: RestConfig, nodeName: string, signal: AbortSignal): Promise<boolean> {
  // unthrottled: a GET every 20 ms for about a second (the default 5 qps would space them 200 ms apart)
  const client = new RestClient({ ...rest, qps: 0, burst: 0, userAgent: "k8ts/server" });
  const nodes = clientFor<Node>(client, nodeResource);
  const deadline = Date.now() + 15_000;
  try {
    while (!signal.aborted && Date.now() < deadline) {
      const n = await nodes.get("", nodeName).catch(() => undefined);
      const ready = n?.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
      const held = n?.spec?.taints?.some((t) =>
        ["node.kubernetes.io/not-ready", "node.cloudprovider.kubernetes.io/uninitialized"].includes(
          t.key ?? "",
        ),
      );
      if (ready && !held) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  } finally {
    client.close();
  }
}

export async function runServer(f: ServerFlags): Promise<void> {
  const started = performance.now();
  const log = createLogger(f.logLevel);
  const dataDir = resolve(expandHome(f.dataDir));
  const port = Number(f.httpsListenPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --https-listen-port ${f.httpsListenPort}`);
  await mkdir(join(dataDir, "server"), { recursive: true, mode: 0o700 });
  // The agent's modules (kubelet, runtime, network, proxy: most of what start-up loads) load while the API
  // server starts, not after it: the node's readiness waits on them.
  const agentModules = f.disableAgent
    ? undefined
    : Promise.all([import("./agent.js"), import("./clusterdns.js")]);
  agentModules?.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled

  const ips = [f.advertiseAddress, f.bindAddress].filter(
    (a): a is string => !!a && a !== "0.0.0.0" && a !== "::",
  );
  const pki = await ensurePki(dataDir, { ips: [...ips, "10.43.0.1"] });
  const tokens = f.tokenAuthFile ? parseTokenFile(await readFile(f.tokenAuthFile, "utf8")) : new Map();
  const joinToken = await clusterToken(dataDir, f.token);
  await writeFile(join(dataDir, "server", "node-token"), formatJoinToken(pki.ca.cert, joinToken) + "\n", {
    mode: 0o600,
  });
  // Agents join with a bootstrap token derived from the join token (ensureAgentBootstrapToken below).

  if (f.datastoreSync !== "normal" && f.datastoreSync !== "full")
    throw new Error(`invalid --datastore-sync ${f.datastoreSync}`);
  const simulatedNodes = Number(f.simulatedNodes);
  if (!Number.isInteger(simulatedNodes) || simulatedNodes < 0)
    throw new Error(`invalid --simulated-nodes ${f.simulatedNodes}`);
  const capacity = f.simulatedNodeCapacity ? parseNodeCapacity(f.simulatedNodeCapacity) : {};
  if ("error" in capacity) throw new Error(`invalid --simulated-node-capacity: ${String(capacity.error)}`);
  const clusterPrefix = Number(f.clusterCidr.split("/")[1]);
  if (simulatedNodes > 2 ** Math.max(0, 24 - clusterPrefix))
    log.warn(
      { simulatedNodes, clusterCidr: f.clusterCidr },
      "the cluster CIDR has fewer /24 blocks than nodes: nodes beyond it get no podCIDR (CIDRNotAvailable); use e.g. --cluster-cidr 10.128.0.0/9",
    );
  const controllerOptions = {
    clusterCIDR: f.clusterCidr,
    nodeMonitorGracePeriodMs: parseDuration(f.nodeMonitorGracePeriod, "--node-monitor-grace-period"),
    nodeMonitorPeriodMs: parseDuration(f.nodeMonitorPeriod, "--node-monitor-period"),
  };

  const store = await withEncryption(
    await openStore({
      dataDir,
      datastoreEndpoint: f.datastoreEndpoint,
      sqliteSynchronous: f.datastoreSync,
    }),
    f.encryptionProviderConfig,
  );
  // The handler is installed once the port is known (the API server advertises it in default/kubernetes).
  let handle = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { "content-type": "text/plain" }).end("starting");
  };
  const https = createHttpsServer(
    {
      // the chain includes the CA, so a joining agent can check it against its token's pin
      cert: pki.serving.cert + pki.ca.cert,
      key: pki.serving.key,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => handle(req, res),
  );
  https.keepAliveTimeout = 65_000;
  // As Go's TLS server (upstream's), never renegotiate: a connection's client certificate is fixed, so the
  // authenticator computes its user once per connection.
  https.on("secureConnection", (s: TLSSocket) => s.disableRenegotiation());

  const abort = new AbortController();
  // Every component and informer listens on this one signal.
  setMaxListeners(0, abort.signal);
  // The components stop before the API server does (see shutdown below).
  const componentAbort = new AbortController();
  setMaxListeners(0, componentAbort.signal);
  await new Promise<void>((ok, fail) => {
    https.once("error", fail);
    https.listen(port, f.bindAddress, () => ok());
  });
  const addr = https.address();
  const actualPort = typeof addr === "object" && addr ? addr.port : port;
  // As k3s: the kubeconfig on this host says 127.0.0.1 whenever the server listens there too.
  const host = f.bindAddress === "0.0.0.0" || f.bindAddress === "::" ? "127.0.0.1" : f.bindAddress;
  const url = `https://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;

  // Node,RBAC (upstream's usual value; RBAC alone also runs the Node authorizer here) or AlwaysAllow
  const modes = splitList(f.authorizationMode);
  const authorizationMode = modes.includes("RBAC")
    ? "RBAC"
    : modes.join(",") === "AlwaysAllow"
      ? "AlwaysAllow"
      : undefined;
  if (!authorizationMode || modes.some((m) => !["Node", "RBAC", "AlwaysAllow"].includes(m)))
    throw new Error(`invalid --authorization-mode ${f.authorizationMode}`);
  const audit = await auditorFromFlags(f.auditPolicyFile, f.auditLogPath);
  const serviceAccountKey = await ensureServiceAccountKey(join(dataDir, "server", "tls", "service.key"));
  const apiserver = createApiServer({
    authorizationMode,
    admissionPlugins: admissionPlugins(f),
    serviceAccountTokens: {
      signingKey: serviceAccountKey,
      issuer: f.serviceAccountIssuer,
      audiences: f.apiAudiences?.split(",").filter(Boolean),
    },
    store,
    resources: allResources,
    authenticate: createAuthenticator({ tokens }),
    logger: log,
    serviceClusterIPRange: f.serviceCidr,
    serviceNodePortRange: f.serviceNodePortRange,
    advertise: { address: advertiseAddress(f), port: actualPort },
    auditor: audit?.auditor,
    kubeletClient: { cert: pki.kubeletClient.cert, key: pki.kubeletClient.key, ca: pki.ca.cert },
  });
  handle = apiserver.handler;
  if (apiserver.upgrade) https.on("upgrade", apiserver.upgrade);

  const running = apiserver.start(abort.signal);
  await apiserver.whenReady();
  const kubeconfig = resolve(expandHome(f.writeKubeconfig ?? join(dataDir, "kubeconfig.yaml")));
  await writeKubeconfig(kubeconfig, {
    server: url,
    caCert: pki.ca.cert,
    clientCert: pki.admin.cert,
    clientKey: pki.admin.key,
  });
  log.info(
    { url, kubeconfig, store: store.backend, ms: Math.round(performance.now() - started) },
    "server ready",
  );
  const readyLine = `k8ts server is ready at ${url}; kubeconfig written to ${kubeconfig}\n`;
  // With an agent, "ready" means ready to run pods: the line waits for this host's node (below).
  if (f.disableAgent) process.stdout.write(readyLine);

  // Control-plane components, as clients of the API server over loopback. `rest` is the admin identity: the
  // server installs with it what a cluster's manifests would (the bootstrap token, the kube-dns Service, the
  // IngressClass); every component runs with its own identity (src/cli/identities.ts).
  const rest = {
    server: `https://127.0.0.1:${actualPort}`,
    ca: pki.ca.cert,
    cert: pki.admin.cert,
    key: pki.admin.key,
  };
  // security: the controller manager and scheduler run with their own identities (src/cli/identities.ts)
  const managerRest = restConfigWith(rest, await controllerManagerCertificate(pki));
  const schedulerRest = restConfigWith(rest, await schedulerCertificate(pki));
  const managerOptions = {
    ...controllerOptions,
    clusterSigning: { cert: pki.ca.cert, key: pki.ca.key },
    rootCA: pki.ca.cert,
  };
  await ensureAgentBootstrapToken(rest, joinToken, log);
  const disabled = f.controllers
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c.startsWith("-"))
    .map((c) => c.slice(1));
  const components: Promise<void>[] = [];
  if (!f.disableControllerManager) {
    components.push(
      runControllerManager(
        {
          rest: managerRest,
          log,
          disabledControllers: disabled,
          controllerOptions: managerOptions,
          controllerCredentials: controllerCredentials(managerRest, log),
        },
        componentAbort.signal,
      ).catch((err: unknown) => log.error({ err: String(err) }, "controller manager failed")),
    );
  }

  if (!f.disableScheduler) {
    components.push(
      runScheduler(
        { rest: schedulerRest, log, disabledControllers: [], controllerOptions: {} },
        componentAbort.signal,
      ).catch((err: unknown) => log.error({ err: String(err) }, "scheduler failed")),
    );
  }

  if (simulatedNodes > 0) {
    const simulatedRest = restConfigWith(rest, await simulatedNodesCertificate(pki));
    components.push(
      runSimulatedNodes(
        { rest: simulatedRest, log, disabledControllers: [], controllerOptions },
        { count: simulatedNodes, capacity },
        componentAbort.signal,
      ).catch((err: unknown) => log.error({ err: String(err) }, "simulated nodes failed")),
    );
  }
  if (!f.disableCloudController) {
    const cloudRest = restConfigWith(rest, await cloudControllerManagerCertificate(pki));
    components.push(
      runCloudControllerManager(
        { rest: cloudRest, log, disabledControllers: [], controllerOptions: {} },
        {
          provider: f.cloudProvider,
          addresses: f.servicelbAddresses ? splitList(f.servicelbAddresses) : undefined,
        },
        componentAbort.signal,
      ).catch((err: unknown) => log.error({ err: String(err) }, "cloud controller manager failed")),
    );
  }

  if (!f.disableAgent) {
    // loaded only when this host runs an agent: a control plane alone keeps its start-up and memory small
    const [
      { runAgent, defaultNodeName, agentCredentials, parseRuntime },
      { runClusterDNS, clusterDNSAddress },
    ] = await agentModules!;
    let gateway!: (ip: string) => void;
    const listenIP = new Promise<string>((r) => (gateway = r));
    const nodeName = f.nodeName ?? defaultNodeName();
    const agentStopped = new AbortController();
    const nodeIP = f.nodeIp ?? advertiseAddress(f);
    const clusterDNS = f.clusterDns ?? clusterDNSAddress(f.serviceCidr);
    const dnsRest = restConfigWith(rest, await clusterDNSCertificate(pki));
    const ingressRest = restConfigWith(rest, await ingressControllerCertificate(pki));
    components.push(
      runClusterDNS(
        { rest: dnsRest, log, disabledControllers: [], controllerOptions: {} },
        { serviceCIDR: f.serviceCidr, clusterDomain: f.clusterDomain, listenIP, installRest: rest },
        componentAbort.signal,
      ).catch((err: unknown) => log.error({ err: String(err) }, "cluster DNS failed")),
      ...(f.disableIngress
        ? []
        : [
            runIngressController(
              { rest: ingressRest, log, disabledControllers: [], controllerOptions: {} },
              {
                httpPort: Number(f.ingressHttpPort),
                httpsPort: Number(f.ingressHttpsPort),
                addresses: [nodeIP],
                installRest: rest,
              },
              componentAbort.signal,
            ).catch((err: unknown) => log.error({ err: String(err) }, "ingress controller failed")),
          ]),
      agentCredentials(pki, nodeName, nodeIP)
        .then((creds) =>
          runAgent(
            {
              rest: { ...rest, cert: creds.kubelet.cert, key: creds.kubelet.key },
              proxyRest: { ...rest, cert: creds.proxy.cert, key: creds.proxy.key },
              log,
              dataDir,
              nodeName,
              nodeIP,
              runtime: parseRuntime(f.runtime),
              installPackages: f.installPackages,
              clusterCIDR: f.clusterCidr,
              clusterDNS,
              clusterDomain: f.clusterDomain,
              kubeletPort: Number(f.kubeletPort),
              kubeletTls: { ...creds.serving, clientCA: pki.ca.cert },
              bridge: f.cniBridge,
              onGateway: gateway,
            },
            componentAbort.signal,
          ),
        )
        .catch((err: unknown) => log.error({ err: String(err) }, "agent failed"))
        .finally(() => agentStopped.abort()),
    );
    void nodeSchedulable(rest, nodeName, AbortSignal.any([agentStopped.signal, componentAbort.signal]))
      .then((ready) => {
        if (!ready && !componentAbort.signal.aborted)
          log.warn({ node: nodeName }, "the node is not ready to run pods yet; the API server is");
      })
      .finally(() => process.stdout.write(readyLine));
  }
  // Start-up is over once the components have made their first lists: let the young generation grow again.
  setTimeout(releaseYoungGeneration, 1000).unref();

  let stopping = false;
  // Shutdown: components stop first while the API server still answers them (leases released, in-flight writes
  // done), then the API server; past a deadline the process exits anyway, as upstream's shutdown has one.
  const componentsStopped = Promise.all(components);
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    componentAbort.abort();
    setTimeout(() => {
      log.warn({}, "shutdown deadline passed; exiting");
      process.exit(0);
    }, 15_000).unref();
    void Promise.race([componentsStopped, new Promise((r) => setTimeout(r, 5_000).unref())]).then(() => {
      abort.abort();
      https.closeAllConnections();
      https.close();
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  await running;
  await componentsStopped;
  await new Promise<void>((r) => (https.listening ? https.close(() => r()) : r()));
  await store.close();
  await audit?.close();
  log.info({}, "stopped");
}

export function registerServerCommand(program: Command): void {
  program
    .command("server")
    .description(
      "Run the control plane (API server and store) and, unless --disable-agent, an agent for this host",
    )
    .option("--data-dir <dir>", "folder for state, certificates and the kubeconfig", "~/.k8ts")
    .option("--https-listen-port <port>", "HTTPS listen port of the API server", "6443")
    .option("--bind-address <ip>", "address the API server listens on", "0.0.0.0")
    .option("--advertise-address <ip>", "address written into the kubeconfig and certificates")
    .option(
      "--write-kubeconfig <file>",
      "write the admin kubeconfig here (default <data-dir>/kubeconfig.yaml)",
    )
    .option("--cluster-cidr <cidr>", "pod network; each node gets a /24 of it", "10.42.0.0/16")
    .option("--service-cidr <cidr>", "ClusterIPs are allocated from this range", "10.43.0.0/16")
    .option("--service-node-port-range <range>", "NodePorts are allocated from this range", "30000-32767")
    .option(
      "--datastore-endpoint <urls>",
      "use etcd at these URLs (http://HOST:2379[,...]) instead of SQLite",
    )
    .option(
      "--datastore-sync <mode>",
      "SQLite: normal (survives a crash of k8ts) or full (fsync each commit; survives power loss)",
      "normal",
    )
    .option("--disable-agent", "do not run a kubelet and kube-proxy on this host")
    .option("--node-name <name>", "this host's Node name (default: the hostname)")
    .option("--node-ip <ip>", "this host's InternalIP (default: the advertise address)")
    .option("--runtime <name>", "runc (containers; root on Linux) or process (host processes, not isolated)")
    .option(
      "--no-install-packages",
      "do not apt-get install what real containers need (runc, CNI plugins, ...)",
    )
    .option("--kubelet-port <port>", "HTTPS port of the kubelet API (logs, exec, port-forward)", "10250")
    .option("--cluster-domain <domain>", "the cluster's DNS domain", "cluster.local")
    .option("--cluster-dns <ip>", "cluster DNS Service address (default: the 10th address of --service-cidr)")
    .option("--cni-bridge <name>", "the Linux bridge pods attach to", "k8ts0")
    .option("--disable-cloud-controller", "do not run the cloud controller manager")
    .option("--cloud-provider <name>", "the cloud controller manager's provider", "local")
    .option(
      "--servicelb-addresses <list>",
      "local provider: LoadBalancer addresses (default: the nodes' addresses, as k3s's ServiceLB)",
    )
    .option("--disable-ingress", "do not run the ingress controller (IngressClass k8ts)")
    .option("--ingress-http-port <port>", "the ingress controller's HTTP port (with the agent)", "80")
    .option("--ingress-https-port <port>", "the ingress controller's HTTPS port", "443")
    .option(
      "--token <token>",
      "shared secret agents use to join (generated into <data-dir>/server/token if absent)",
    )
    .option(
      "--token-auth-file <file>",
      'static bearer tokens, upstream CSV format: token,user,uid,"group1,group2"',
    )
    .option(
      "--controllers <list>",
      "controllers to run: '*' (all) or a list with -name to disable one, e.g. '*,-garbagecollector'",
      "*",
    )
    .option(
      "--authorization-mode <modes>",
      "Node,RBAC (system:masters, the Node authorizer, then RBAC), or AlwaysAllow (any authenticated user may do anything)",
      "Node,RBAC",
    )
    .option("--enable-admission-plugins <list>", "admission plugins to enable besides the default ones", "")
    .option(
      "--disable-admission-plugins <list>",
      "admission plugins to turn off, e.g. ServiceAccount,PodSecurity",
      "",
    )
    .option(
      "--service-account-issuer <url>",
      "iss of ServiceAccount tokens (default https://kubernetes.default.svc.cluster.local)",
    )
    .option("--api-audiences <list>", "audiences ServiceAccount tokens must carry (default: the issuer)")
    .option(
      "--encryption-provider-config <file>",
      "EncryptionConfiguration (apiserver.config.k8s.io/v1): encrypt the listed resources in the store",
    )
    .option(
      "--audit-policy-file <file>",
      "audit Policy (audit.k8s.io/v1): which requests are logged at which level",
    )
    .option("--audit-log-path <file>", "write audit events as JSON lines here ('-' for stdout)")
    .option("--disable-controller-manager", "do not run the controller manager")
    .option("--disable-scheduler", "do not run the scheduler")
    .option(
      "--simulated-nodes <n>",
      "register N simulated nodes (sim-0 ...) whose kubelet runs no processes",
      "0",
    )
    .option(
      "--simulated-node-capacity <list>",
      "capacity of each simulated node, e.g. cpu=32,memory=256Gi,pods=110",
    )
    .option("--node-monitor-grace-period <duration>", "a node without heartbeat this long is NotReady", "40s")
    .option("--node-monitor-period <duration>", "how often the node lifecycle controller checks nodes", "5s")
    .option("--log-level <level>", "debug, info, warn or error", "info")
    .action(async (flags: ServerFlags) => {
      await runServer(flags);
    });
}

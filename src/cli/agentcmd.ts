// `k8ts agent --server URL --token T`: one more host joins the cluster. It trusts the server's CA through the
// pin in the join token, asks for its node certificates with the token (CertificateSigningRequests the
// server's controllers approve and sign), and then runs the agent (kubelet, runtime, CNI, kube-proxy) under
// its own identity, system:node:<name>.
import { resolve } from "node:path";
import { setMaxListeners } from "node:events";
import type { Command } from "commander";
import { RestClient } from "../client/rest/client.js";
import { requestNodeCertificate, KubeletServingSignerName } from "../client/certificates/csr.js";
import { bootstrapTokenFromJoinToken } from "../client/certificates/bootstraptoken.js";
import { createLogger } from "./log.js";
import { expandHome } from "./paths.js";
import { discoverCA, parseJoinToken } from "./join.js";

interface AgentFlags {
  server: string;
  token: string;
  dataDir: string;
  nodeName?: string;
  nodeIp?: string;
  runtime?: string;
  installPackages: boolean;
  kubeletPort: string;
  clusterCidr: string;
  clusterDns: string;
  clusterDomain: string;
  cniBridge: string;
  logLevel: string;
}

export async function runAgentCommand(f: AgentFlags): Promise<void> {
  const { defaultNodeName, parseRuntime, runAgent } = await import("./agent.js");
  const log = createLogger(f.logLevel);
  const dataDir = resolve(expandHome(f.dataDir));
  const nodeName = f.nodeName ?? defaultNodeName();
  if (!f.nodeIp)
    throw new Error("--node-ip is required: the address the server and other nodes reach this host at");
  const token = parseJoinToken(f.token);
  const ca = await discoverCA(f.server, token);
  // the server made a bootstrap token (system:bootstrappers) from its join secret; derive the same one
  const bootstrap = new RestClient({
    server: f.server,
    ca,
    token: bootstrapTokenFromJoinToken(token.secret).token,
    userAgent: "k8ts/agent-bootstrap",
  });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  try {
    // the client certificate with the bootstrap token; the serving one as the node itself (a node may ask for
    // its own serving certificate; a bootstrap identity may not)
    const client = await requestNodeCertificate(bootstrap, nodeName, { signal: abort.signal });
    const asNode = new RestClient({ server: f.server, ca, cert: client.cert, key: client.key });
    const serving = await requestNodeCertificate(asNode, nodeName, {
      signerName: KubeletServingSignerName,
      dnsNames: [nodeName],
      ips: [f.nodeIp],
      signal: abort.signal,
    }).finally(() => asNode.close());
    log.info({ node: nodeName, server: f.server }, "joined: node certificates issued");
    const rest = { server: f.server, ca, cert: client.cert, key: client.key };
    process.on("SIGTERM", () => abort.abort());
    process.on("SIGINT", () => abort.abort());
    process.stdout.write(`k8ts agent ${nodeName} joined ${f.server}\n`);
    await runAgent(
      {
        rest,
        log,
        dataDir,
        nodeName,
        nodeIP: f.nodeIp,
        runtime: parseRuntime(f.runtime),
        installPackages: f.installPackages,
        clusterCIDR: f.clusterCidr,
        clusterDNS: f.clusterDns,
        clusterDomain: f.clusterDomain,
        kubeletPort: Number(f.kubeletPort),
        kubeletTls: { cert: serving.cert, key: serving.key, clientCA: ca },
        bridge: f.cniBridge,
      },
      abort.signal,
    );
  } finally {
    bootstrap.close();
  }
}

export function registerAgentCommand(program: Command): void {
  program
    .command("agent")
    .description(
      "Join a k8ts server as one more node: kubelet, container runtime, pod network and kube-proxy",
    )
    .requiredOption("--server <url>", "the server's API URL, e.g. https://10.0.0.1:6443")
    .requiredOption("--token <token>", "the join token from the server's <data-dir>/server/node-token")
    .option("--data-dir <dir>", "folder for the agent's state (images, containers, pod network)", "~/.k8ts")
    .option("--node-name <name>", "this host's Node name (default: the hostname)")
    .option("--node-ip <ip>", "this host's InternalIP (how the server reaches its kubelet)")
    .option("--runtime <name>", "runc (containers; root on Linux) or process (host processes, not isolated)")
    .option(
      "--no-install-packages",
      "do not apt-get install what real containers need (runc, CNI plugins, ...)",
    )
    .option("--kubelet-port <port>", "HTTPS port of the kubelet API", "10250")
    .option(
      "--cluster-cidr <cidr>",
      "the cluster's pod network (kube-proxy masquerades traffic from outside it)",
      "10.42.0.0/16",
    )
    .option("--cluster-dns <ip>", "the cluster DNS Service address pods use", "10.43.0.10")
    .option("--cluster-domain <domain>", "the cluster's DNS domain", "cluster.local")
    .option("--cni-bridge <name>", "the Linux bridge pods attach to", "k8ts0")
    .option("--log-level <level>", "debug, info, warn or error", "info")
    .action(async (flags: AgentFlags) => {
      await runAgentCommand(flags);
    });
}

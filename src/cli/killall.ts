// `k8ts killall`: what k3s-killall.sh does for k3s. Containers, sandboxes and kube-proxy's rules outlive the
// agent on purpose (a restart re-adopts them and traffic keeps flowing); this removes them all for good: every
// pod sandbox of the data dir's runtime (its containers, network namespace and CNI attachment), the runtime's
// state directory (on /run), the pod bridge and the KUBE-* iptables chains.
import { readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RuncRuntime, defaultStateDir } from "../runtime/runc/runc-runtime.js";
import { unmountUnder } from "../runtime/runc/mounts.js";
import { ImageStore, StoreImageService } from "../runtime/images/index.js";
import { removeBridge } from "../network/index.js";
import { agentCniNetwork } from "./agent-network.js";
import { IptablesProxier, canUseIptables } from "../proxy/proxier.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { RestClient } from "../client/rest/client.js";
import { createLogger, type Logger } from "./log.js";

/** The bridge and podCIDR from the conflist the agent wrote, if any. */
async function writtenNetwork(agentDir: string): Promise<{ bridge: string; podCIDR: string } | undefined> {
  try {
    const conf = JSON.parse(await readFile(join(agentDir, "cni", "net.d", "10-k8ts.conflist"), "utf8")) as {
      plugins: { type: string; bridge?: string; ipam?: { ranges?: { subnet: string }[][] } }[];
    };
    const bridge = conf.plugins.find((p) => p.type === "bridge");
    const podCIDR = bridge?.ipam?.ranges?.[0]?.[0]?.subnet;
    return bridge?.bridge && podCIDR ? { bridge: bridge.bridge, podCIDR } : undefined;
  } catch {
    return undefined;
  }
}

/** Removes every pod sandbox and container of the agent's runc runtime (net: the pod network they are on, if
 * the agent wrote one), then the runtime's state directory. */
export async function removeRuncPods(
  agentDir: string,
  net: { bridge: string; podCIDR: string } | undefined,
  log: Logger,
): Promise<void> {
  const runcRoot = join(agentDir, "runtime", "runc");
  const runcState = defaultStateDir(runcRoot);
  if (!existsSync(runcRoot) && !existsSync(runcState)) return;
  const images = new StoreImageService(await ImageStore.open(join(agentDir, "images")));
  const network = net ? await agentCniNetwork(agentDir, net.podCIDR, net.bridge) : undefined;
  const runtime = await RuncRuntime.open({
    root: runcRoot,
    rootfs: images,
    ...(network ? { network } : {}),
  });
  for (const sb of await runtime.listPodSandbox()) {
    const r = await runtime.removePodSandbox(sb.id);
    if (!r.ok) log.error({ sandbox: sb.id, err: r.error.message }, "removing a pod sandbox failed");
  }
  // containers whose sandbox is gone
  for (const c of await runtime.listContainers()) {
    const r = await runtime.removeContainer(c.id);
    if (!r.ok) log.error({ container: c.id, err: r.error.message }, "removing a container failed");
  }
  await runtime.close();
  // root filesystems the runtime could not unmount; then the state directory, unless something is still
  // mounted in it (removing would reach into it)
  if ((await unmountUnder(runcState)) === "") await rm(runcState, { recursive: true, force: true });
}

export async function killall(dataDir: string, logLevel = "warn"): Promise<void> {
  const log = createLogger(logLevel);
  const agentDir = join(dataDir, "agent");
  const net = await writtenNetwork(agentDir);
  await removeRuncPods(agentDir, net, log);
  if (net) await removeBridge(net.bridge);
  // Volumes the kubelet mounted (tmpfs for secrets, projected tokens, memory emptyDirs), deepest first.
  await unmountUnder(agentDir);
  if (canUseIptables()) {
    // The proxier only needs its runner here; the informers are never started.
    const informers = new SharedInformerFactory(new RestClient({ server: "https://127.0.0.1:1" }));
    await new IptablesProxier({ informers, log }, { nodeName: "" }).cleanup();
  }
}

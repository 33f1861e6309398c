// The agent's pod network as CNI sees it, built the same way by the agent and by `k8ts killall` (which must
// tear pods down exactly as they were set up).
import { join } from "node:path";
import { CniNetwork, type CniNetworkOptions } from "../network/index.js";

export function agentCniNetwork(
  agentDir: string,
  podCIDR: string,
  bridge: string,
  exec?: CniNetworkOptions["exec"],
): Promise<CniNetwork> {
  return CniNetwork.create({
    podCIDR,
    bridge,
    confDir: join(agentDir, "cni", "net.d"),
    dataDir: join(agentDir, "cni"),
    ...(exec ? { exec } : {}),
    // the node's one masquerade rule (ensureBridge) stands for the bridge plugin's per-pod chains
    ipMasq: false,
  });
}

// The node's side of the pod network, prepared before the first pod: the bridge pods attach to, holding the
// gateway address of the node's podCIDR (the bridge plugin finds it there and reuses it), so host services
// such as cluster DNS can listen on that address from the start. And a PodNetwork that waits for the
// podCIDR, which the node only learns once the node IPAM controller has given it one.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { NetworkResult, PodNetworkStatus, PodNetworkTarget } from "./cni.js";

const run = promisify(execFile);

/** The first address of a CIDR (the gateway the bridge plugin assigns), with its prefix: "10.42.0.1/24". */
export function gatewayAddress(cidr: string): { ip: string; prefix: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid IPv4 CIDR ${cidr}`);
  const prefix = Number(m[5]);
  const n = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const gw = ((n & mask) + 1) >>> 0;
  return { ip: [gw >>> 24, (gw >>> 16) & 255, (gw >>> 8) & 255, gw & 255].join("."), prefix };
}

const masqComment = (bridge: string) => `k8ts pod network ${bridge}`;

/** The node's one masquerade rule for its pods' traffic leaving the pod network (as flannel's), in place of
 * the bridge plugin's ipMasq, which adds a chain and rules per pod under the xtables lock: a third of what
 * setting up a pod's network cost when 30 start at once. */
const masqRule = (bridge: string, podCIDR: string) => [
  ...["POSTROUTING", "-s", podCIDR, "!", "-d", podCIDR, "-m", "addrtype", "!", "--dst-type", "MULTICAST"],
  ...["-m", "comment", "--comment", masqComment(bridge), "-j", "MASQUERADE"],
];

/** Creates the bridge (if absent) with the podCIDR's gateway address, up, lets the host forward, and
 * masquerades the pods' traffic to outside the pod network (the CNI config then has ipMasq off). */
export async function ensureBridge(bridge: string, podCIDR: string): Promise<string> {
  const { ip, prefix } = gatewayAddress(podCIDR);
  const show = await run("ip", ["-o", "-4", "addr", "show", "dev", bridge]).catch(() => undefined);
  if (!show) await run("ip", ["link", "add", bridge, "type", "bridge"]);
  if (!show?.stdout.includes(` ${ip}/`)) await run("ip", ["addr", "add", `${ip}/${prefix}`, "dev", bridge]);
  await run("ip", ["link", "set", bridge, "up"]);
  await run("sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  const rule = masqRule(bridge, podCIDR);
  const present = await run("iptables", ["-w", "-t", "nat", "-C", ...rule]).then(
    () => true,
    () => false,
  );
  if (!present) await run("iptables", ["-w", "-t", "nat", "-A", ...rule]);
  return ip;
}

/** Removes the bridge and its masquerade rule (tests and `k8ts killall`); missing is fine. */
export async function removeBridge(bridge: string): Promise<void> {
  await run("ip", ["link", "del", bridge]).catch(() => undefined);
  const rules = await run("iptables", ["-w", "-t", "nat", "-S", "POSTROUTING"]).catch(() => ({ stdout: "" }));
  for (const line of rules.stdout.split("\n")) {
    if (!line.startsWith("-A POSTROUTING ") || !line.includes(`"${masqComment(bridge)}"`)) continue;
    const podCIDR = /-s (\S+)/.exec(line)?.[1];
    if (podCIDR)
      await run("iptables", ["-w", "-t", "nat", "-D", ...masqRule(bridge, podCIDR)]).catch(() => undefined);
  }
}

interface PodNetworkLike {
  setUp(t: PodNetworkTarget): Promise<NetworkResult<PodNetworkStatus>>;
  tearDown(t: PodNetworkTarget): Promise<NetworkResult<void>>;
}

/** A PodNetwork whose real network arrives later (once the podCIDR is known); set-ups wait for it. */
export class DeferredPodNetwork implements PodNetworkLike {
  private network?: PodNetworkLike;
  private readonly ready: Promise<PodNetworkLike>;
  private resolve!: (n: PodNetworkLike) => void;

  constructor() {
    this.ready = new Promise((r) => (this.resolve = r));
  }

  get isReady(): boolean {
    return this.network !== undefined;
  }

  provide(n: PodNetworkLike): void {
    this.network = n;
    this.resolve(n);
  }

  async setUp(t: PodNetworkTarget): Promise<NetworkResult<PodNetworkStatus>> {
    return (await this.ready).setUp(t);
  }

  async tearDown(t: PodNetworkTarget): Promise<NetworkResult<void>> {
    // A sandbox made before the network existed has nothing to tear down.
    return this.network ? this.network.tearDown(t) : { ok: true, value: undefined };
  }
}

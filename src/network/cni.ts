// The pod network through CNI: k8ts writes a conflist for Debian's containernetworking-plugins
// (bridge with host-local IPAM on the node's podCIDR, then portmap for hostPorts) and runs
// the plugins as libcni does: ADD in order, each given the previous result; DEL in reverse
// with the cached result; CHECK with it. Results are values in the runtime's shape
// ({ok, value} / {ok: false, error: {code, message}}), so a CniNetwork is the runtime's PodNetwork.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";

export type NetworkResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: "Internal" | "InvalidArgument" | "NotFound"; message: string } };

export interface PortMapping {
  protocol: "TCP" | "UDP" | "SCTP";
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

/** What the runtime knows about a sandbox when it asks for its network. */
export interface PodNetworkTarget {
  podSandboxId: string;
  name: string;
  namespace: string;
  uid: string;
  netnsPath: string;
  portMappings: PortMapping[];
}

export interface PodNetworkStatus {
  ip: string;
  additionalIps: string[];
}

export interface CniNetworkOptions {
  /** The node's spec.podCIDR, e.g. "10.42.0.0/24". */
  podCIDR: string;
  /** Where the conflist is written (like /etc/cni/net.d). */
  confDir: string;
  /** host-local's address reservations and the cached ADD results. */
  dataDir: string;
  /** The Linux bridge pods attach to. */
  bridge?: string;
  /** The CNI network name (also in iptables comments). */
  networkName?: string;
  /** Where plugin binaries are looked up (CNI_PATH). */
  binDirs?: string[];
  /** The interface inside the pod. */
  ifName?: string;
  mtu?: number;
  /** The bridge plugin masquerades each pod's traffic leaving the pod network (default true). The agent turns
   * it off: ensureBridge installs one rule for the whole podCIDR instead. */
  ipMasq?: boolean;
  /** Runs a plugin; by default from this process (the agent passes its spawner, see src/runtime/spawner). */
  exec?: PluginExec;
}

/** Runs a plugin binary with the CNI environment and config on stdin, to its end. */
export type PluginExec = (
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; stdin: string },
) => Promise<{ code: number; stdout: string; stderr: string; error?: string }>;

const execHere: PluginExec = (file, args, opts) =>
  new Promise((resolve) => {
    const child = spawn(file, args, { env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    let failed: string | undefined;
    child.on("error", (e) => (failed = e.message));
    child.on("close", (code) =>
      resolve({
        code: failed !== undefined ? 1 : (code ?? 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ...(failed ? { error: failed } : {}),
      }),
    );
    child.stdin.on("error", () => undefined);
    child.stdin.end(opts.stdin);
  });

export const defaultBinDirs = ["/usr/lib/cni", "/opt/cni/bin"];
const cniVersion = "1.0.0";
const requiredPlugins = ["bridge", "host-local", "loopback", "portmap"];

interface PluginConf {
  type: string;
  capabilities?: Record<string, boolean>;
  [k: string]: unknown;
}

interface NetworkConfigList {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

/** CNI's result type (spec 1.0.0), as far as k8ts reads it. */
export interface CniResult {
  cniVersion: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  routes?: { dst: string; gw?: string }[];
  dns?: Record<string, unknown>;
}

interface CachedResult {
  netns: string;
  result: CniResult;
  portMappings: CniPortMapping[];
}

interface CniPortMapping {
  hostPort: number;
  containerPort: number;
  protocol: string;
  hostIP?: string;
}

interface PluginError {
  code?: number;
  msg?: string;
  details?: string;
}

export class CniNetwork {
  readonly name: string;
  readonly bridge: string;
  readonly confFile: string;
  private readonly binDirs: string[];
  private readonly ifName: string;
  private readonly config: NetworkConfigList;

  private constructor(private readonly opts: CniNetworkOptions) {
    this.name = opts.networkName ?? "k8ts";
    this.bridge = opts.bridge ?? "k8ts0";
    this.binDirs = opts.binDirs ?? defaultBinDirs;
    this.ifName = opts.ifName ?? "eth0";
    this.confFile = path.join(opts.confDir, `10-${this.name}.conflist`);
    const bridge: PluginConf = {
      type: "bridge",
      bridge: this.bridge,
      isGateway: true,
      ipMasq: opts.ipMasq ?? true,
      hairpinMode: true,
      ipam: {
        type: "host-local",
        ranges: [[{ subnet: opts.podCIDR }]],
        routes: [{ dst: "0.0.0.0/0" }],
        dataDir: path.join(opts.dataDir, "ipam"),
      },
    };
    if (opts.mtu !== undefined) bridge["mtu"] = opts.mtu;
    this.config = {
      cniVersion,
      name: this.name,
      plugins: [bridge, { type: "portmap", capabilities: { portMappings: true }, snat: true }],
    };
  }

  /** Writes the conflist and returns the network; the plugins run on the first setUp. */
  static async create(opts: CniNetworkOptions): Promise<CniNetwork> {
    const n = new CniNetwork(opts);
    await fs.mkdir(opts.confDir, { recursive: true });
    await fs.mkdir(path.join(opts.dataDir, "results"), { recursive: true });
    const tmp = `${n.confFile}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(n.config, null, 2) + "\n");
    await fs.rename(tmp, n.confFile);
    return n;
  }

  /** The plugins CNI needs and cannot find; empty when the network can work (NetworkReady). */
  async missingPlugins(): Promise<string[]> {
    const missing: string[] = [];
    for (const p of requiredPlugins) if ((await this.findPlugin(p)) === undefined) missing.push(p);
    return missing;
  }

  private async findPlugin(type: string): Promise<string | undefined> {
    for (const d of this.binDirs) {
      const p = path.join(d, type);
      if (
        await fs.access(p, fs.constants.X_OK).then(
          () => true,
          () => false,
        )
      )
        return p;
    }
    return undefined;
  }

  private cachePath(containerId: string): string {
    return path.join(this.opts.dataDir, "results", `${this.name}-${containerId}-${this.ifName}`);
  }

  private env(
    command: "ADD" | "DEL" | "CHECK",
    t: PodNetworkTarget,
    netns: string,
    ifName: string,
  ): NodeJS.ProcessEnv {
    const args = [
      `IgnoreUnknown=1`,
      `K8S_POD_NAMESPACE=${t.namespace}`,
      `K8S_POD_NAME=${t.name}`,
      `K8S_POD_INFRA_CONTAINER_ID=${t.podSandboxId}`,
      `K8S_POD_UID=${t.uid}`,
    ];
    return {
      PATH: process.env["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin",
      CNI_COMMAND: command,
      CNI_CONTAINERID: t.podSandboxId,
      CNI_NETNS: netns,
      CNI_IFNAME: ifName,
      CNI_ARGS: args.join(";"),
      CNI_PATH: this.binDirs.join(":"),
    };
  }

  /** Runs one plugin; its stdout is the result, or a CNI error object on failure. */
  private async invoke(
    plugin: PluginConf,
    env: NodeJS.ProcessEnv,
    stdin: object,
  ): Promise<NetworkResult<CniResult | undefined>> {
    const bin = await this.findPlugin(plugin.type);
    if (bin === undefined)
      return {
        ok: false,
        error: {
          code: "Internal",
          message: `failed to find plugin "${plugin.type}" in path [${this.binDirs.join(" ")}]`,
        },
      };
    const r = await (this.opts.exec ?? execHere)(bin, [], { env, stdin: JSON.stringify(stdin) });
    if (r.error !== undefined)
      return { ok: false, error: { code: "Internal", message: `plugin ${plugin.type}: ${r.error}` } };
    const text = r.stdout.trim();
    if (r.code === 0) {
      try {
        return { ok: true, value: text === "" ? undefined : (JSON.parse(text) as CniResult) };
      } catch {
        return {
          ok: false,
          error: { code: "Internal", message: `plugin ${plugin.type}: invalid result: ${text}` },
        };
      }
    }
    let msg = text !== "" ? text : r.stderr.trim();
    try {
      const e = JSON.parse(text) as PluginError;
      msg = [e.msg, e.details].filter((s) => s !== undefined && s !== "").join("; ");
    } catch {
      // not JSON: keep the raw text
    }
    return {
      ok: false,
      error: {
        code: "Internal",
        message: `plugin type="${plugin.type}" failed (${env["CNI_COMMAND"]}): ${msg}`,
      },
    };
  }

  private stdinFor(
    plugin: PluginConf,
    prevResult: CniResult | undefined,
    portMappings: CniPortMapping[],
  ): object {
    const conf: Record<string, unknown> = { ...plugin, cniVersion, name: this.name };
    delete conf["capabilities"];
    if (prevResult !== undefined) conf["prevResult"] = prevResult;
    if (plugin.capabilities?.["portMappings"] === true && portMappings.length > 0)
      conf["runtimeConfig"] = { portMappings };
    return conf;
  }

  private static portMappings(t: PodNetworkTarget): CniPortMapping[] {
    return t.portMappings
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => {
        const m: CniPortMapping = {
          hostPort: p.hostPort as number,
          containerPort: p.containerPort,
          protocol: p.protocol.toLowerCase(),
        };
        if (p.hostIp !== undefined && p.hostIp !== "") m.hostIP = p.hostIp;
        return m;
      });
  }

  /** ADD: loopback and the plugin chain; the chain's result is cached for DEL and CHECK. */
  async setUp(t: PodNetworkTarget): Promise<NetworkResult<PodNetworkStatus>> {
    if (t.netnsPath === "")
      return {
        ok: false,
        error: { code: "InvalidArgument", message: "pod sandbox has no network namespace" },
      };
    // The loopback network and the pod network are attached at the same time, as containerd's go-cni does.
    const portMappings = CniNetwork.portMappings(t);
    const [lo, main] = await Promise.all([
      this.invoke({ type: "loopback" }, this.env("ADD", t, t.netnsPath, "lo"), {
        cniVersion,
        name: "cni-loopback",
        type: "loopback",
      }),
      this.runAdd(t, portMappings),
    ]);
    if (!lo.ok) {
      // undo the pod network too: a failed setUp leaves nothing behind
      if (main.ok) await this.runDel(t, t.netnsPath, main.value, portMappings);
      return lo;
    }
    if (!main.ok) return main;
    const prev = main.value;
    const cached: CachedResult = { netns: t.netnsPath, result: prev, portMappings };
    await fs.writeFile(this.cachePath(t.podSandboxId), JSON.stringify(cached));
    const status = podIPs(prev, this.ifName);
    if (status.ip === "")
      return {
        ok: false,
        error: {
          code: "Internal",
          message: `CNI result has no IP for ${this.ifName}: ${JSON.stringify(prev)}`,
        },
      };
    return { ok: true, value: status };
  }

  /** ADD through the plugin chain, each given the previous result; on a failure the earlier ones are undone. */
  private async runAdd(
    t: PodNetworkTarget,
    portMappings: CniPortMapping[],
  ): Promise<NetworkResult<CniResult>> {
    let prev: CniResult | undefined;
    for (const [i, plugin] of this.pluginsFor(portMappings).entries()) {
      const r = await this.invoke(
        plugin,
        this.env("ADD", t, t.netnsPath, this.ifName),
        this.stdinFor(plugin, prev, portMappings),
      );
      if (!r.ok) {
        // undo what the earlier plugins did, as libcni's callers do
        await this.runDel(t, t.netnsPath, prev, portMappings, i);
        return r;
      }
      prev = r.value ?? prev;
    }
    if (prev === undefined)
      return { ok: false, error: { code: "Internal", message: "CNI plugins returned no result" } };
    return { ok: true, value: prev };
  }

  private async runDel(
    t: PodNetworkTarget,
    netns: string,
    prev: CniResult | undefined,
    portMappings: CniPortMapping[],
    upTo = Infinity,
  ): Promise<NetworkResult<void>> {
    let last: NetworkResult<void> = { ok: true, value: undefined };
    for (const plugin of this.pluginsFor(portMappings).slice(0, upTo).reverse()) {
      const r = await this.invoke(
        plugin,
        this.env("DEL", t, netns, this.ifName),
        this.stdinFor(plugin, prev, portMappings),
      );
      if (!r.ok) last = r;
    }
    return last;
  }

  /** DEL in reverse order with the cached result. Idempotent: a second DEL, or one after the netns is gone, succeeds. */
  async tearDown(t: PodNetworkTarget): Promise<NetworkResult<void>> {
    const cache = this.cachePath(t.podSandboxId);
    const cached = await fs
      .readFile(cache, "utf8")
      .then((s) => JSON.parse(s) as CachedResult)
      .catch(() => undefined);
    // the netns may be gone already; plugins then release IPs and rules without touching it
    const netnsExists =
      t.netnsPath !== "" &&
      (await fs.access(t.netnsPath).then(
        () => true,
        () => false,
      ));
    const netns = netnsExists ? t.netnsPath : "";
    const r = await this.runDel(t, netns, cached?.result, cached?.portMappings ?? CniNetwork.portMappings(t));
    if (!r.ok) return r;
    // bridge before 1.2 learns the pod's addresses for ipMasq teardown from inside the netns;
    // with the netns gone (a reboot, a crash) k8ts removes the masquerade rules from the cached result.
    if (!netnsExists && cached !== undefined && this.opts.ipMasq !== false)
      await this.teardownIPMasq(t.podSandboxId, cached.result);
    await fs.rm(cache, { force: true });
    return r;
  }

  /** CHECK: the plugins verify the interface, address, routes and rules still match the cached result. */
  async check(t: PodNetworkTarget): Promise<NetworkResult<void>> {
    const cached = await fs
      .readFile(this.cachePath(t.podSandboxId), "utf8")
      .then((s) => JSON.parse(s) as CachedResult)
      .catch(() => undefined);
    if (cached === undefined)
      return {
        ok: false,
        error: { code: "NotFound", message: `no cached CNI result for sandbox ${t.podSandboxId}` },
      };
    const ipv6 = (cached.result.ips ?? []).some((ip) => ip.address.includes(":"));
    for (const plugin of this.pluginsFor(cached.portMappings)) {
      // portmap before 1.2 fails CHECK on IPv4-only pods looking for ip6tables rules it never made
      // (containernetworking/plugins#819); k8ts checks the IPv4 DNAT rules itself instead.
      if (plugin.type === "portmap" && !ipv6) {
        const dnat = await this.checkHostPortRules(t.podSandboxId, cached.portMappings);
        if (!dnat.ok) return dnat;
        continue;
      }
      const r = await this.invoke(
        plugin,
        this.env("CHECK", t, t.netnsPath, this.ifName),
        this.stdinFor(plugin, cached.result, cached.portMappings),
      );
      if (!r.ok) return { ok: false, error: r.error };
    }
    return { ok: true, value: undefined };
  }

  /** The chain for a pod: portmap only when it has host ports. portmap has nothing to do without them, and
   * each plugin run is a process; ADD, DEL and CHECK all skip it alike, from the same (cached) mappings. */
  private pluginsFor(portMappings: CniPortMapping[]): PluginConf[] {
    return this.config.plugins.filter((p) => p.type !== "portmap" || portMappings.length > 0);
  }

  /** The bridge plugin's per-pod masquerade chain: CNI- and 24 hex digits of sha512(name + id). */
  private masqChain(containerId: string): string {
    return (
      "CNI-" +
      createHash("sha512")
        .update(this.name + containerId)
        .digest("hex")
        .slice(0, 24)
    );
  }

  private async teardownIPMasq(containerId: string, result: CniResult): Promise<void> {
    const chain = this.masqChain(containerId);
    const comment = `name: "${this.name}" id: "${containerId}"`;
    for (const ip of result.ips ?? []) {
      const addr = ip.address.split("/")[0] ?? "";
      if (addr === "" || addr.includes(":")) continue;
      await capture("iptables", [
        "-w",
        "-t",
        "nat",
        "-D",
        "POSTROUTING",
        "-s",
        `${addr}/32`,
        "-j",
        chain,
        "-m",
        "comment",
        "--comment",
        comment,
      ]);
    }
    await capture("iptables", ["-w", "-t", "nat", "-F", chain]);
    await capture("iptables", ["-w", "-t", "nat", "-X", chain]);
  }

  /** Each hostPort has its DNAT rule in CNI-HOSTPORT-DNAT, commented with the sandbox ID. */
  private async checkHostPortRules(
    containerId: string,
    mappings: CniPortMapping[],
  ): Promise<NetworkResult<void>> {
    if (mappings.length === 0) return { ok: true, value: undefined };
    const rules = await capture("iptables", ["-w", "-t", "nat", "-S", "CNI-HOSTPORT-DNAT"]);
    const mine = rules
      .split("\n")
      .filter((l) => l.includes(`id: \\"${containerId}\\"`) || l.includes(`id: "${containerId}"`));
    for (const m of mappings) {
      if (
        !mine.some(
          (l) =>
            l.includes(`-p ${m.protocol}`) &&
            new RegExp(`--dports (?:\\S*,)?${m.hostPort}(?:,|\\s|$)`).test(l),
        )
      ) {
        return {
          ok: false,
          error: {
            code: "Internal",
            message: `hostPort ${m.hostPort}/${m.protocol} of sandbox ${containerId} has no DNAT rule`,
          },
        };
      }
    }
    return { ok: true, value: undefined };
  }

  /** Removes the bridge (when the node leaves; pods must be torn down first). */
  async removeBridge(): Promise<NetworkResult<void>> {
    return new Promise((resolve) => {
      const child = spawn("ip", ["link", "delete", this.bridge, "type", "bridge"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("error", (e) => resolve({ ok: false, error: { code: "Internal", message: e.message } }));
      child.on("close", (code) => {
        if (code === 0 || /Cannot find device/.test(err)) resolve({ ok: true, value: undefined });
        else
          resolve({
            ok: false,
            error: { code: "Internal", message: `ip link delete ${this.bridge}: ${err.trim()}` },
          });
      });
    });
  }
}

/** The pod's IPs from a CNI result: those on the pod's interface, IPv4 first. */
export function podIPs(result: CniResult, ifName: string): PodNetworkStatus {
  const ifIndex = result.interfaces?.findIndex((i) => i.name === ifName && (i.sandbox ?? "") !== "");
  const ips = (result.ips ?? [])
    .filter(
      (ip) => ip.interface === undefined || ifIndex === undefined || ifIndex < 0 || ip.interface === ifIndex,
    )
    .map((ip) => ip.address.split("/")[0] ?? "")
    .filter((a) => a !== "");
  ips.sort((a, b) => Number(b.includes(".")) - Number(a.includes(".")));
  return { ip: ips[0] ?? "", additionalIps: ips.slice(1) };
}

/** Runs a command and returns its stdout ("" when it fails). */
function capture(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", () => resolve(""));
    child.on("close", () => resolve(out));
  });
}

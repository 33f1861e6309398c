import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CniNetwork, defaultBinDirs, podIPs, type PodNetworkTarget } from "./cni.js";

const run = promisify(execFile);

async function which(bin: string): Promise<boolean> {
  return run("sh", ["-c", `command -v ${bin}`]).then(
    () => true,
    () => false,
  );
}

async function whySkip(): Promise<string | false> {
  if (process.getuid?.() !== 0) return "needs root (network namespaces, bridges, iptables)";
  for (const p of ["bridge", "host-local", "loopback", "portmap"]) {
    const found = await Promise.all(
      defaultBinDirs.map((d) =>
        fs.access(path.join(d, p)).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (!found.includes(true))
      return `CNI plugin ${p} is missing (apt-get install containernetworking-plugins)`;
  }
  for (const b of ["ip", "iptables-save"])
    if (!(await which(b))) return `${b} is missing (apt-get install iproute2 iptables)`;
  return false;
}

test("pod IPs come from the result's sandbox interface, IPv4 first", () => {
  const r = {
    cniVersion: "1.0.0",
    interfaces: [{ name: "k8ts0" }, { name: "veth1" }, { name: "eth0", sandbox: "/run/netns/x" }],
    ips: [
      { address: "fd00::5/64", interface: 2 },
      { address: "10.42.0.5/24", gateway: "10.42.0.1", interface: 2 },
      { address: "10.42.0.1/24", interface: 0 },
    ],
  };
  assert.deepEqual(podIPs(r, "eth0"), { ip: "10.42.0.5", additionalIps: ["fd00::5"] });
  assert.deepEqual(podIPs({ cniVersion: "1.0.0" }, "eth0"), { ip: "", additionalIps: [] });
});

/** A /24 in 10.0.0.0/8 no route on this host touches. */
async function unusedSubnet(): Promise<string> {
  const routes = (await run("ip", ["-4", "route", "show", "table", "all"])).stdout;
  for (;;) {
    const b = 200 + ((randomBytes(1)[0] ?? 0) % 50);
    const c = randomBytes(1)[0] ?? 0;
    const prefix = `10.${b}.${c}.`;
    if (!routes.includes(prefix)) return `${prefix}0/24`;
  }
}

async function iptablesState(): Promise<string> {
  return (await run("iptables-save")).stdout;
}

function chains(dump: string): Set<string> {
  return new Set([...dump.matchAll(/^:(\S+)/gm)].map((m) => m[1] ?? ""));
}

test(
  "CNI bridge ADD gives a reachable pod IP, hostPort works, DEL leaves nothing",
  { skip: await whySkip() },
  async (t) => {
    const id = randomBytes(4).toString("hex");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-cni-test-"));
    const nsName = `k8ts-test-${id}`;
    const bridge = `k8tst${id}`;
    const subnet = await unusedSubnet();
    const before = await iptablesState();
    await run("ip", ["netns", "add", nsName]);
    const network = await CniNetwork.create({
      podCIDR: subnet,
      confDir: path.join(dir, "net.d"),
      dataDir: path.join(dir, "cni"),
      bridge,
      networkName: `k8ts-test-${id}`,
    });
    const targets: PodNetworkTarget[] = [];
    t.after(async () => {
      for (const target of targets) await network.tearDown(target);
      await run("ip", ["netns", "delete", nsName]).catch(() => undefined);
      await run("ip", ["link", "delete", bridge]).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    });

    const conf = JSON.parse(await fs.readFile(network.confFile, "utf8")) as {
      plugins: {
        type: string;
        bridge?: string;
        ipMasq?: boolean;
        hairpinMode?: boolean;
        isGateway?: boolean;
      }[];
    };
    assert.deepEqual(
      conf.plugins.map((p) => p.type),
      ["bridge", "portmap"],
    );
    assert.deepEqual(
      [
        conf.plugins[0]?.bridge,
        conf.plugins[0]?.isGateway,
        conf.plugins[0]?.ipMasq,
        conf.plugins[0]?.hairpinMode,
      ],
      [bridge, true, true, true],
    );
    assert.deepEqual(await network.missingPlugins(), []);

    const hostPort = 20000 + ((randomBytes(2).readUInt16BE(0) % 20000) | 0);
    const target: PodNetworkTarget = {
      podSandboxId: `sandbox${id}`,
      name: "web",
      namespace: "default",
      uid: `uid-${id}`,
      netnsPath: `/run/netns/${nsName}`,
      portMappings: [{ protocol: "TCP", containerPort: 8080, hostPort }],
    };
    targets.push(target);
    const up = await network.setUp(target);
    assert.ok(up.ok, up.ok ? "" : up.error.message);
    const podIP = up.value.ip;
    assert.ok(podIP.startsWith(subnet.replace(/0\/24$/, "")), `${podIP} is in ${subnet}`);
    const inside = (
      await run("ip", ["netns", "exec", nsName, "ip", "-4", "-o", "addr", "show", "dev", "eth0"])
    ).stdout;
    assert.ok(inside.includes(`${podIP}/24`), inside);
    assert.match((await run("ip", ["netns", "exec", nsName, "ip", "-o", "link", "show", "lo"])).stdout, /UP/);

    // a TCP server inside the namespace, reached from the host at the pod IP
    const server = spawn(
      "ip",
      [
        "netns",
        "exec",
        nsName,
        process.execPath,
        "-e",
        `require("net").createServer((s) => s.end("pong from pod")).listen(8080, "0.0.0.0", () => console.log("ready"))`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    t.after(() => {
      server.kill("SIGKILL");
    });
    await new Promise<void>((resolve, reject) => {
      server.stdout.once("data", () => resolve());
      server.once("exit", (c) => reject(new Error(`server exited ${c}`)));
    });
    const fetchTCP = (host: string, port: number): Promise<string> =>
      new Promise((resolve, reject) => {
        const s = net.connect(port, host);
        let data = "";
        s.setTimeout(5000, () => s.destroy(new Error(`timeout connecting to ${host}:${port}`)));
        s.on("data", (d: Buffer) => (data += d.toString()));
        s.on("end", () => resolve(data));
        s.on("error", reject);
      });
    assert.equal(await fetchTCP(podIP, 8080), "pong from pod");
    // hostPort through portmap's DNAT, from loopback
    assert.equal(await fetchTCP("127.0.0.1", hostPort), "pong from pod");

    const checked = await network.check(target);
    assert.ok(checked.ok, checked.ok ? "" : checked.error.message);
    server.kill("SIGKILL");

    const during = await iptablesState();
    assert.ok(during.includes(target.podSandboxId), "the plugins' rules name the sandbox");

    const down = await network.tearDown(target);
    assert.ok(down.ok, down.ok ? "" : down.error.message);
    const again = await network.tearDown(target);
    assert.ok(again.ok, again.ok ? "" : again.error.message);

    // nothing of this sandbox remains: no veth on the bridge, no address inside, no rules, no reservation
    assert.equal((await run("ip", ["-o", "link", "show", "master", bridge])).stdout.trim(), "");
    assert.doesNotMatch((await run("ip", ["netns", "exec", nsName, "ip", "-o", "link"])).stdout, /eth0/);
    const after = await iptablesState();
    assert.ok(!after.includes(target.podSandboxId), "no iptables rule names the sandbox");
    const shared = new Set(["CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-MASQ"]);
    const beforeChains = chains(before);
    const leftover = [...chains(after)].filter(
      (c) => c.startsWith("CNI-") && !beforeChains.has(c) && !shared.has(c),
    );
    assert.deepEqual(leftover, []);
    const ipam = await fs
      .readdir(path.join(dir, "cni", "ipam", `k8ts-test-${id}`))
      .catch(() => [] as string[]);
    assert.deepEqual(
      ipam.filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)),
      [],
    );
    // DEL after the namespace is gone also succeeds
    await run("ip", ["netns", "delete", nsName]);
    const gone = await network.tearDown(target);
    assert.ok(gone.ok, gone.ok ? "" : gone.error.message);

    // a pod whose netns vanished before DEL (a reboot) still leaves no rules behind
    const ns2 = `k8ts-test-${id}b`;
    await run("ip", ["netns", "add", ns2]);
    const second: PodNetworkTarget = {
      ...target,
      podSandboxId: `second${id}`,
      netnsPath: `/run/netns/${ns2}`,
      portMappings: [],
    };
    targets.push(second);
    const up2 = await network.setUp(second);
    assert.ok(up2.ok, up2.ok ? "" : up2.error.message);
    assert.ok((await iptablesState()).includes(second.podSandboxId));
    await run("ip", ["netns", "delete", ns2]);
    const down2 = await network.tearDown(second);
    assert.ok(down2.ok, down2.ok ? "" : down2.error.message);
    assert.ok(
      !(await iptablesState()).includes(second.podSandboxId),
      "no iptables rule names the second sandbox",
    );
    assert.deepEqual(
      [...chains(await iptablesState())].filter(
        (c) => c.startsWith("CNI-") && !beforeChains.has(c) && !shared.has(c),
      ),
      [],
    );

    const removed = await network.removeBridge();
    assert.ok(removed.ok);
    await assert.rejects(run("ip", ["link", "show", bridge]));
  },
);

test(
  "20 pods set up and torn down concurrently get distinct IPs and leave nothing",
  { skip: await whySkip() },
  async (t) => {
    const id = randomBytes(4).toString("hex");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-cni-many-"));
    const bridge = `k8tsm${id}`;
    const network = await CniNetwork.create({
      podCIDR: await unusedSubnet(),
      confDir: path.join(dir, "net.d"),
      dataDir: path.join(dir, "cni"),
      bridge,
      networkName: `k8ts-many-${id}`,
    });
    const targets: PodNetworkTarget[] = Array.from({ length: 20 }, (_, i) => ({
      podSandboxId: `many${id}${i}`,
      name: `p${i}`,
      namespace: "default",
      uid: `uid-${id}-${i}`,
      netnsPath: `/run/netns/k8ts-test-${id}-${i}`,
      portMappings: [],
    }));
    t.after(async () => {
      for (const target of targets) {
        await network.tearDown(target);
        await run("ip", ["netns", "delete", path.basename(target.netnsPath)]).catch(() => undefined);
      }
      await network.removeBridge();
      await fs.rm(dir, { recursive: true, force: true });
    });
    for (const target of targets) await run("ip", ["netns", "add", path.basename(target.netnsPath)]);

    const ups = await Promise.all(targets.map((target) => network.setUp(target)));
    const ips = ups.map((u) => (u.ok ? u.value.ip : `error: ${u.error.message}`));
    assert.equal(new Set(ips).size, 20, ips.join(" "));
    assert.equal(
      (await run("ip", ["-o", "link", "show", "master", bridge])).stdout.trim().split("\n").length,
      20,
    );

    const downs = await Promise.all(targets.map((target) => network.tearDown(target)));
    assert.deepEqual(
      downs.filter((d) => !d.ok),
      [],
    );
    assert.equal((await run("ip", ["-o", "link", "show", "master", bridge])).stdout.trim(), "");
    assert.doesNotMatch((await iptablesState()).replace(/^#.*$/gm, ""), new RegExp(`many${id}`));
    const reserved = await fs
      .readdir(path.join(dir, "cni", "ipam", `k8ts-many-${id}`))
      .catch(() => [] as string[]);
    assert.deepEqual(
      reserved.filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)),
      [],
    );
  },
);

// Requests per second through a ClusterIP (kube-proxy's iptables rules: DNAT by KUBE-SVC/KUBE-SEP chains) as a
// ratio to a direct connection to the pod, in the same run (issue 5: target ≥ 0.95). Two network namespaces this
// benchmark creates: the "node" holds the rules and the load generators, the "pod" the HTTP backend; nothing
// touches the host's tables. Measured with keep-alive connections and with a new connection per request (each
// new connection is where DNAT and conntrack cost).
//
// Each path has a client address of its own in the node (two client pods, both inside the cluster CIDR, so nothing
// is masqueraded, as upstream's KUBE-SVC rule `! -s <cluster CIDR> -j KUBE-MARK-MASQ` would not either). With one
// client address for both, "new connections" measured 0.12-0.20 and that was the kernel, not the rules:
//  - The server closes first (Connection: close), so the pod holds every finished connection in TIME_WAIT for 60 s
//    and the node's conntrack holds it for 120 s. At ~14,000 connections/s the 28,232 ephemeral ports wrap within
//    2 s, so a ClusterIP run reuses the pod-side 4-tuples (10.250.7.1:port -> 10.250.7.2:8080 after DNAT) that the
//    direct run before it just left, and the other way round.
//  - The client hashes its SYN's ISN and timestamp offset from the addresses and ports its socket sees (the
//    ClusterIP, not the pod IP), so they bear no relation to the previous connection on that pod 4-tuple. The
//    pod's TIME_WAIT socket rejects the SYN by PAWS and answers with a bare ACK; the client resets and resends.
//    Counted: TcpExtPAWSTimewait in the pod = TcpExtTCPSynRetrans in the node (447 of 18,266 ClusterIP
//    connections after one direct run; = TcpOutRsts too); captured on one pod 4-tuple: the direct connection's SYN
//    with TSval 4269137928, then the ClusterIP's SYN with TSval 4009321525 answered by a bare ACK with ecr
//    4269137932, RST, the same SYN again 9 ms later, accepted.
//  - conntrack finds the DNAT'd reply tuple still held by the other run's entry (conntrack -S found=35,692 in that
//    run, 0 when each path has its own address), so NAT moves the source port (the pod sees ports outside
//    ip_local_port_range), and some of those SYNs are only resent after the 1 s SYN timeout (17 of 396 resent SYNs
//    in a capture). With 16 clients, those 1-3 s stalls take most of the throughput (a second ClusterIP round after
//    direct ones: 1,602 req/s against 11,382 direct).
// The same happens to any client that alternates between a pod's IP and its Service within TIME_WAIT, through
// upstream's rules too. With one address per path each reuses only its own tuples, under the same port pressure:
// 0 SYN retransmits and 0 conntrack clashes on both paths; the rows' notes report both counters for every run.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Row } from "./common.js";
import { buildServicePorts, type RService, type RSlice } from "../src/proxy/serviceports.js";
import { buildRules, jumpRules } from "../src/proxy/iptables/rules.js";

const podIP = "10.250.7.2";
/** The client of the direct path, and the node's address. */
const directClient = "10.250.7.1";
/** The client of the ClusterIP path (see above). */
const serviceClient = "10.250.7.3";
const clusterIP = "10.43.250.7";

function ip(args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

/** A file of /proc/net as the namespace sees it. */
function procNet(ns: string, file: string): string {
  return (
    spawnSync("ip", ["netns", "exec", ns, "cat", `/proc/net/${file}`], { encoding: "utf8" }).stdout ?? ""
  );
}

/** TcpExt TCPSynRetrans: SYNs the namespace sent again (a SYN lost or answered by a TIME_WAIT socket's ACK). */
function synRetransmits(ns: string): number {
  const lines = procNet(ns, "netstat").split("\n");
  const i = lines.findIndex((l) => l.startsWith("TcpExt:"));
  const names = lines[i]?.split(/\s+/) ?? [];
  const values = lines[i + 1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf("TCPSynRetrans")] ?? NaN);
}

/** conntrack's "found" statistic over all CPUs: a new connection's tuple already held by another entry. */
function conntrackClashes(ns: string): number {
  const [head, ...cpus] = procNet(ns, "stat/nf_conntrack").trim().split("\n");
  const col = head?.split(/\s+/).indexOf("found") ?? -1;
  if (col < 0) return NaN;
  return cpus.reduce((sum, l) => sum + parseInt(l.trim().split(/\s+/)[col], 16), 0);
}

/** Packets that went through KUBE-MARK-MASQ (asked for SNAT). */
function masqueraded(ns: string): number {
  const r = spawnSync(
    "ip",
    ["netns", "exec", ns, "iptables", "-w", "-t", "nat", "-L", "KUBE-MARK-MASQ", "-v", "-x", "-n"],
    { encoding: "utf8" },
  );
  const rule = r.stdout?.split("\n").find((l) => /^\s*\d+\s+\d+\s+MARK\s/.test(l));
  return rule ? Number(rule.trim().split(/\s+/)[0]) : NaN;
}

const loadgen = `
const http = require("http");
const [url, conc, ms, keep, localAddress] = process.argv.slice(1);
const agent = keep === "1" ? new http.Agent({ keepAlive: true, maxSockets: Number(conc) }) : false;
let n = 0, errors = 0; const end = Date.now() + Number(ms);
const one = () => new Promise((ok) => {
  const req = http.get(url, { agent, localAddress }, (res) => { res.resume(); res.on("end", () => { n++; ok(); }); });
  req.on("error", () => { errors++; ok(); });
});
(async () => {
  await Promise.all(Array.from({ length: Number(conc) }, async () => { while (Date.now() < end) await one(); }));
  process.stdout.write(JSON.stringify({ rps: n / (Number(ms) / 1000), errors }));
  process.exit(0);
})();`;

interface Run {
  rps: number;
  errors: number;
  synRetransmits: number;
  clashes: number;
}

async function runIn(
  ns: string,
  from: string,
  url: string,
  concurrency: number,
  ms: number,
  keepAlive: boolean,
): Promise<Run> {
  const syn0 = synRetransmits(ns);
  const clash0 = conntrackClashes(ns);
  const r = await loadFrom(ns, from, url, concurrency, ms, keepAlive);
  return { ...r, synRetransmits: synRetransmits(ns) - syn0, clashes: conntrackClashes(ns) - clash0 };
}

function loadFrom(
  ns: string,
  from: string,
  url: string,
  concurrency: number,
  ms: number,
  keepAlive: boolean,
) {
  return new Promise<{ rps: number; errors: number }>((ok, fail) => {
    const p = spawn("ip", [
      "netns",
      "exec",
      ns,
      process.execPath,
      "-e",
      loadgen,
      url,
      String(concurrency),
      String(ms),
      keepAlive ? "1" : "0",
      from,
    ]);
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("close", () => {
      try {
        ok(JSON.parse(out) as { rps: number; errors: number });
      } catch {
        fail(new Error(`load generator said: ${out}`));
      }
    });
  });
}

export async function benchClusterIP(concurrency = 16, ms = 1000, rounds = 7): Promise<Row[]> {
  if (process.getuid?.() !== 0)
    return [{ name: "ClusterIP / direct", value: NaN, unit: "", note: "skipped: needs root" }];
  const id = randomBytes(3).toString("hex");
  const node = `k8ts-bn-${id}`;
  const pod = `k8ts-bp-${id}`;
  const rows: Row[] = [];
  let backend: ReturnType<typeof spawn> | undefined;
  ip(["netns", "add", node]);
  ip(["netns", "add", pod]);
  try {
    ip(["-n", node, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", pod]);
    ip(["-n", node, "addr", "add", `${directClient}/24`, "dev", "veth0"]);
    ip(["-n", node, "addr", "add", `${serviceClient}/24`, "dev", "veth0"]);
    ip(["-n", pod, "addr", "add", `${podIP}/24`, "dev", "veth1"]);
    for (const [ns, dev] of [
      [node, "veth0"],
      [pod, "veth1"],
      [node, "lo"],
      [pod, "lo"],
    ])
      ip(["-n", ns, "link", "set", dev, "up"]);
    ip(["-n", node, "route", "add", "default", "via", podIP]);
    const svc: RService = {
      metadata: { namespace: "bench", name: "web" },
      spec: { type: "ClusterIP", clusterIP, ports: [{ name: "http", port: 80, protocol: "TCP" }] },
    };
    const slice: RSlice = {
      metadata: { namespace: "bench", name: "web-x", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [podIP], conditions: { ready: true } }],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    };
    const rules = buildRules(buildServicePorts([svc], [slice], "node"), { clusterCIDR: "10.250.0.0/16" }); // both clients are inside the cluster CIDR, as pods: no masquerade
    const r = spawnSync("ip", ["netns", "exec", node, "iptables-restore", "-w", "--noflush"], {
      input: rules.text,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`iptables-restore: ${r.stderr}`);
    // the jumps from the built-in chains into kube-proxy's, as the proxier adds them
    for (const j of jumpRules)
      spawnSync("ip", ["netns", "exec", node, "iptables", "-w", "-t", j.table, "-I", j.from, ...j.args]);
    const serve = `require("http").createServer((q,s)=>s.end("ok")).listen(8080,"${podIP}",()=>console.log("up"))`;
    backend = spawn("ip", ["netns", "exec", pod, process.execPath, "-e", serve], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise((ok) => backend!.stdout!.once("data", ok));
    for (const keep of [true, false]) {
      const how = keep
        ? `${concurrency} keep-alive clients`
        : `${concurrency} clients, a new connection per request`;
      // warm-up, then direct and through the ClusterIP back to back in each round, the order swapped every round;
      // the ratio is the median of the rounds' ratios, so the machine's noise (other work on the same cores) hits
      // both sides of each ratio alike
      const direct = () => runIn(node, directClient, `http://${podIP}:8080/`, concurrency, ms, keep);
      const service = () => runIn(node, serviceClient, `http://${clusterIP}/`, concurrency, ms, keep);
      await runIn(node, directClient, `http://${podIP}:8080/`, concurrency, 500, keep);
      await runIn(node, serviceClient, `http://${clusterIP}/`, concurrency, 500, keep);
      const d: Run[] = [];
      const t: Run[] = [];
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          d.push(await direct());
          t.push(await service());
        } else {
          t.push(await service());
          d.push(await direct());
        }
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      const sum = (v: Run[], k: "errors" | "synRetransmits" | "clashes") => v.reduce((n, r) => n + r[k], 0);
      const note = (v: Run[], extra = "") =>
        [
          sum(v, "errors") ? `${sum(v, "errors")} errors` : "",
          `runs ${v.map((r) => Math.round(r.rps)).join(", ")}`,
          `SYN retransmits ${sum(v, "synRetransmits")}, conntrack clashes ${sum(v, "clashes")}`,
          extra,
        ]
          .filter(Boolean)
          .join("; ");
      const rd = median(d.map((r) => r.rps));
      const rt = median(t.map((r) => r.rps));
      const ratio = median(d.map((r, i) => t[i].rps / r.rps));
      rows.push(
        {
          name: `HTTP requests/s direct to the pod (${how})`,
          value: Math.round(rd),
          unit: "req/s",
          note: note(d),
        },
        {
          name: `HTTP requests/s through the ClusterIP (${how})`,
          value: Math.round(rt),
          unit: "req/s",
          note: note(t, `${masqueraded(node)} packets masqueraded so far`),
        },
        {
          name: `ClusterIP / direct (${keep ? "keep-alive" : "new connections"})`,
          value: Math.round(ratio * 100) / 100,
          unit: "",
          target: "≥ 0.95",
          note: `median of ${rounds} same-round ratios; a client address per path (see bench/proxy-clusterip.ts)`,
        },
      );
    }
  } finally {
    backend?.kill();
    spawnSync("ip", ["netns", "del", node]);
    spawnSync("ip", ["netns", "del", pod]);
  }
  return rows;
}

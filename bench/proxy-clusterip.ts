// Requests per second through a ClusterIP (kube-proxy's iptables rules: DNAT by KUBE-SVC/KUBE-SEP chains) as a
// ratio to a direct connection to the pod, in the same run (issue 5: target ≥ 0.95). Two network namespaces this
// benchmark creates: the "node" holds the rules and the load generator, the "pod" the HTTP backend; nothing
// touches the host's tables. Measured with keep-alive connections and with a new connection per request (each
// new connection is where DNAT and conntrack cost).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { Row } from "./common.js";
import { buildServicePorts, type RService, type RSlice } from "../src/proxy/serviceports.js";
import { buildRules, jumpRules } from "../src/proxy/iptables/rules.js";

const podIP = "10.250.7.2";
const nodeIP = "10.250.7.1";
const clusterIP = "10.43.250.7";

function ip(args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

const loadgen = `
const http = require("http");
const [url, conc, ms, keep] = process.argv.slice(1);
const agent = keep === "1" ? new http.Agent({ keepAlive: true, maxSockets: Number(conc) }) : false;
let n = 0, errors = 0; const end = Date.now() + Number(ms);
const one = () => new Promise((ok) => {
  const req = http.get(url, { agent }, (res) => { res.resume(); res.on("end", () => { n++; ok(); }); });
  req.on("error", () => { errors++; ok(); });
});
(async () => {
  await Promise.all(Array.from({ length: Number(conc) }, async () => { while (Date.now() < end) await one(); }));
  process.stdout.write(JSON.stringify({ rps: n / (Number(ms) / 1000), errors }));
  process.exit(0);
})();`;

function runIn(ns: string, url: string, concurrency: number, ms: number, keepAlive: boolean) {
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

export async function benchClusterIP(concurrency = 16, ms = 2000): Promise<Row[]> {
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
    ip(["-n", node, "addr", "add", `${nodeIP}/24`, "dev", "veth0"]);
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
    const rules = buildRules(buildServicePorts([svc], [slice], "node"), { clusterCIDR: "10.250.0.0/16" }); // the client is inside the cluster CIDR, as a pod: no masquerade
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
      // warm-up, then direct and through the ClusterIP alternately, three rounds each (medians): the machine's
      // noise hits both alike
      await runIn(node, `http://${podIP}:8080/`, concurrency, 500, keep);
      const d: number[] = [];
      const t: number[] = [];
      let errors = 0;
      for (let round = 0; round < 3; round++) {
        d.push((await runIn(node, `http://${podIP}:8080/`, concurrency, ms, keep)).rps);
        const x = await runIn(node, `http://${clusterIP}/`, concurrency, ms, keep);
        t.push(x.rps);
        errors += x.errors;
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[1];
      const direct = { rps: median(d) };
      const through = { rps: median(t), errors };
      rows.push(
        { name: `HTTP requests/s direct to the pod (${how})`, value: Math.round(direct.rps), unit: "req/s" },
        {
          name: `HTTP requests/s through the ClusterIP (${how})`,
          value: Math.round(through.rps),
          unit: "req/s",
          note: through.errors ? `${through.errors} errors` : undefined,
        },
        {
          name: `ClusterIP / direct (${keep ? "keep-alive" : "new connections"})`,
          value: Math.round((through.rps / direct.rps) * 100) / 100,
          unit: "",
          target: "≥ 0.95",
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

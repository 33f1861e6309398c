// Requests per second through the ingress data path as a ratio to a direct connection to the backend, in
// the same run: the backend and the ingress proxy each run in a process of their own (as on a node), the
// load generator here keeps `concurrency` keep-alive connections busy for a few seconds. Loopback only.
// Run: node dist/bench/proxy-ingress.js
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import type { Row } from "./common.js";

const backendScript = `
const http = require("node:http");
const body = Buffer.alloc(512, "x");
http.createServer({ keepAliveTimeout: 60000 }, (req, res) => { res.setHeader("content-type", "text/plain"); res.end(body); })
  .listen(0, "127.0.0.1", function () { process.stdout.write(String(this.address().port) + "\\n"); });
`;

function ingressScript(backendPort: number): string {
  const proxyUrl = new URL("../src/ingress/proxy.js", import.meta.url).href;
  return `
import http from "node:http";
import { IngressProxy } from ${JSON.stringify(proxyUrl)};
const match = { backend: { namespace: "bench", ingress: "bench/i", service: "web", port: 80 }, host: "app.example.test", path: "/" };
const proxy = new IngressProxy({ route: () => ({ kind: "upstreams", match, upstreams: [{ host: "127.0.0.1", port: ${backendPort} }] }) });
http.createServer({ keepAliveTimeout: 75000 }, (req, res) => proxy.handleRequest(req, res, false))
  .listen(0, "127.0.0.1", function () { process.stdout.write(String(this.address().port) + "\\n"); });
`;
}

function start(args: string[], code: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, [...args, code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    proc.stdout.once("data", (d: Buffer) => resolve({ proc, port: Number(d.toString().trim()) }));
    proc.once("exit", (c) => reject(new Error(`exited ${c}`)));
  });
}

async function load(port: number, concurrency: number, ms: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let done = 0;
  const until = performance.now() + ms;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(
        { host: "127.0.0.1", port, path: "/", agent, headers: { host: "app.example.test" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        },
      );
      req.on("error", reject);
    });
  const worker = async () => {
    while (performance.now() < until) {
      await one();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  return done / secs;
}

export async function benchIngress(concurrency = 32, ms = 3000): Promise<Row[]> {
  const backend = await start(["-e"], backendScript);
  const ingress = await start(["--input-type=module", "-e"], ingressScript(backend.port));
  try {
    await load(backend.port, concurrency, 500);
    await load(ingress.port, concurrency, 500);
    const direct = await load(backend.port, concurrency, ms);
    const through = await load(ingress.port, concurrency, ms);
    return [
      {
        name: `HTTP requests/s direct to the backend (${concurrency} keep-alive clients)`,
        value: Math.round(direct),
        unit: "req/s",
      },
      { name: "HTTP requests/s through the ingress", value: Math.round(through), unit: "req/s" },
      {
        name: "ingress / direct",
        value: Math.round((through / direct) * 100) / 100,
        unit: "ratio",
        target: ">= 0.5",
        note: "one backend, 512-byte bodies, separate processes on loopback",
      },
    ];
  } finally {
    backend.proc.kill();
    ingress.proc.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await benchIngress())
    console.log(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ""}`);
}

// `npm run bench`: runs every benchmark, prints a table, and appends the figures to BENCHMARKS.md with the
// command and the machine.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem, release } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "./common.js";
import { benchApiServer } from "./apiserver.js";
import { benchStore } from "./store.js";
import { benchScheduler } from "./scheduler.js";
import { benchDeployment } from "./controllers.js";
import { benchSimNodes } from "./simnodes.js";
import { benchDNS } from "./netsvc.js";
import { benchProxyIptables } from "./proxy-iptables.js";
import { benchIngress } from "./proxy-ingress.js";
import { benchClusterIP } from "./proxy-clusterip.js";
import { benchAuth, benchAuthEndToEnd } from "./auth.js";
import { benchKubelet } from "./kubelet.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const suites: Record<string, () => Promise<Row[]>> = {
  store: benchStore,
  apiserver: benchApiServer,
  scheduler: benchScheduler,
  controllers: benchDeployment,
  simnodes: () => benchSimNodes(),
  proxy: async () => [...(await benchProxyIptables()), ...(await benchClusterIP())],
  ingress: () => benchIngress(),
  dns: benchDNS,
  auth: async () => [...(await benchAuth()), ...(await benchAuthEndToEnd())],
  kubelet: benchKubelet,
};

async function main() {
  const only = process.argv.slice(2);
  const out: string[] = [];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`;
  out.push(
    `\n## ${new Date().toISOString()} — \`npm run bench${only.length ? " -- " + only.join(" ") : ""}\`\n`,
    `Machine: ${machine}\n`,
  );
  for (const [name, fn] of Object.entries(suites)) {
    if (only.length && !only.includes(name)) continue;
    console.log(`== ${name}`);
    const rows = await fn();
    out.push(`\n### ${name}\n`, "| measure | value | target | note |", "| --- | ---: | --- | --- |");
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(60)} ${String(r.value).padStart(9)} ${r.unit.padEnd(4)} ${r.target ?? ""} ${r.note ?? ""}`,
      );
      out.push(`| ${r.name} | ${r.value} ${r.unit} | ${r.target ?? ""} | ${r.note ?? ""} |`);
    }
  }
  const file = join(repo, "BENCHMARKS.md");
  const head = await readFile(file, "utf8").catch(() => "");
  if (!head)
    await writeFile(
      file,
      "# Benchmarks\n\nFigures appended by `npm run bench` (bench/run.ts); newest last.\n",
    );
  await appendFile(file, out.join("\n") + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

// Imports flow one way (DESIGN.md "Layout"): checks every relative import in src/ against the table below.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, resolve, relative } from "node:path";

const allowed = {
  api: [],
  storage: ["api"],
  runtime: ["api"],
  client: ["api"],
  apiserver: ["api", "storage"],
  scheduler: ["api", "client"],
  controllers: ["api", "client"],
  kubelet: ["api", "client", "runtime", "network"],
  network: ["api"],
  proxy: ["api", "client"],
  dns: ["api", "client"],
  ingress: ["api", "client"],
  cloud: ["api", "client"],
  cli: null, // wires everything
};
const src = resolve("src");
const bad = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts")) check(p);
  }
};
const component = (file) => relative(src, file).split("/")[0];
function check(file) {
  const from = component(file);
  const ok = allowed[from];
  if (ok === null) return;
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.[^"']+)["']/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src + "/")) continue;
    const to = component(target);
    if (to !== from && !(ok ?? []).includes(to)) bad.push(`${relative(".", file)}: imports src/${to} (src/${from} may import only ${(ok ?? []).join(", ") || "nothing of ours"})`);
  }
}
walk(src);
if (bad.length) {
  console.error(bad.join("\n"));
  process.exit(1);
}
console.log("layers ok");

// Runs the compiled tests with node's test runner. `unit` = tests beside the code in src/,
// `e2e` = test/e2e (real server, real kubectl), default = both.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const which = process.argv[2] ?? "all";
const roots = which === "unit" ? ["dist/src"] : which === "e2e" ? ["dist/test"] : ["dist/src", "dist/test"];
const files = [];
const walk = (d) => {
  let entries;
  try { entries = readdirSync(d); } catch { return; }
  for (const e of entries) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".test.js")) files.push(p);
  }
};
roots.forEach(walk);
files.sort();
const args = ["--test", "--test-reporter=spec", `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files];
const r = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(r.status ?? 1);

// k8ts command line: `k8ts server`, later `k8ts agent` and `k8ts image ...`.
import { Command } from "commander";
import { registerServerCommand } from "./server.js";

const program = new Command("k8ts")
  .description("A Kubernetes-compatible cluster in TypeScript")
  .version("0.1.0");
registerServerCommand(program);
program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`k8ts: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

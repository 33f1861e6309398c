// k8ts command line: `k8ts server`, `k8ts agent` and `k8ts image ...`.
import { join, resolve } from "node:path";
import { Command } from "commander";
import { registerServerCommand } from "./server.js";
import { registerImageCommands } from "../runtime/images/cli.js";
import { expandHome } from "./paths.js";
import { registerAgentCommand } from "./agentcmd.js";

const program = new Command("k8ts")
  .description("A Kubernetes-compatible cluster in TypeScript")
  .version("0.1.0");
registerServerCommand(program);
registerAgentCommand(program);
// The node's image store, the one the agent of `k8ts server --data-dir DIR` uses.
const image = registerImageCommands(program, () =>
  join(resolve(expandHome(image.opts<{ dataDir: string }>().dataDir)), "agent", "images"),
);
image.option("--data-dir <dir>", "the data dir of the server or agent whose images these are", "~/.k8ts");
program
  .command("killall")
  .description("Stop every container of this host's agent and remove its pod network and iptables rules")
  .option("--data-dir <dir>", "the data dir of the server or agent", "~/.k8ts")
  .action(async (o: { dataDir: string }) => {
    const { killall } = await import("./killall.js");
    await killall(resolve(expandHome(o.dataDir)));
  });
program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`k8ts: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

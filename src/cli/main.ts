// k8ts command line: `k8ts server`, `k8ts agent`, `k8ts image ...`.
import { Command } from "commander";

const program = new Command("k8ts")
  .description("A Kubernetes-compatible cluster in TypeScript")
  .version("0.1.0");
program.parse();

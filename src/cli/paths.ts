import { homedir } from "node:os";
import { join } from "node:path";

/** "~/x" → the home directory's x, as a shell would expand a flag's default. */
export const expandHome = (p: string): string =>
  p.startsWith("~/") || p === "~" ? join(homedir(), p.slice(1)) : p;

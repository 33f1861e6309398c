// The forked spawner's process (see spawner.ts): starts processes for its parent and reports back over IPC.
// It exits when its parent goes away; the detached processes it started (the shims) live on.
import { handshakeHere, runHere, type RunOptions } from "./spawner.js";

type Request =
  | { op: "run"; id: number; file: string; args: string[]; opts: RunOptions }
  | { op: "handshake"; id: number; file: string; args: string[] }
  | { op: "go" | "kill"; id: number };

const waiting = new Map<number, { go: () => void; kill: () => void }>();
const send = (m: object) => process.send?.(m);

process.on("message", (req: Request) => {
  switch (req.op) {
    case "run":
      void runHere(req.file, req.args, req.opts).then((result) => send({ id: req.id, result }));
      break;
    case "handshake":
      handshakeHere(req.file, req.args).then(
        (h) => {
          waiting.set(req.id, h);
          send({ id: req.id, ready: h.pid });
        },
        (err: unknown) => send({ id: req.id, failed: err instanceof Error ? err.message : String(err) }),
      );
      break;
    case "go":
    case "kill": {
      const h = waiting.get(req.id);
      waiting.delete(req.id);
      if (req.op === "go") h?.go();
      else h?.kill();
      break;
    }
  }
});
process.on("disconnect", () => process.exit(0));

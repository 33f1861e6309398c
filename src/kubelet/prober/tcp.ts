// upstream pkg/probe/tcp DoTCPProbe: success when a TCP connection opens within the timeout.
import { connect } from "node:net";
import { dialError } from "./dialerr.js";
import { joinHostPort } from "./port.js";
import type { ProbeOutcome } from "./result.js";

export function doTCPProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ result: "failure", output: `dial tcp ${addr}: i/o timeout` });
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ result: "success", output: "" });
    });
    sock.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ result: "failure", output: dialError(addr, e) });
    });
  });
}

// Connections to a port inside a pod for `kubectl port-forward`, as the CRI's PortForward: a TCP
// connection to localhost in the sandbox's network namespace.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { Duplex } from "node:stream";
import { fail, ok, type RuntimeResult } from "../cri.js";

/** A TCP connection to 127.0.0.1:port in this process's network namespace; refused is a value. */
export function connectLocal(port: number): Promise<RuntimeResult<Duplex>> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    const onError = (e: Error) => resolve(fail("Internal", e.message));
    s.once("error", onError);
    s.once("connect", () => {
      s.off("error", onError);
      resolve(ok(s));
    });
  });
}

/**
 * A connection to 127.0.0.1:port inside a network namespace. Node cannot setns(2), so busybox's nc runs
 * under nsenter and its stdio is the connection. nc says nothing when it connects, so a refused
 * connection shows as an 'error' on the stream (with nc's message) rather than as a failed result.
 */
export function connectInNetns(netnsPath: string, port: number, busybox: string): RuntimeResult<Duplex> {
  const child = spawn("nsenter", [`--net=${netnsPath}`, busybox, "nc", "127.0.0.1", String(port)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  let gotData = false;
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
  const d = new Duplex({
    allowHalfOpen: true,
    read() {
      child.stdout.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (!child.stdin.writable) return cb();
      child.stdin.write(chunk, () => cb());
    },
    final(cb) {
      // busybox nc exits as soon as its stdin ends, closing the connection: keep it open until the
      // pod's side closes too, as a half-closed TCP connection would.
      cb();
    },
    destroy(err, cb) {
      child.kill("SIGKILL");
      cb(err);
    },
  });
  child.stdin.on("error", () => undefined);
  child.stdout.on("data", (b: Buffer) => {
    gotData = true;
    if (!d.push(b)) child.stdout.pause();
  });
  child.once("error", (e) => d.destroy(e));
  child.once("close", (code) => {
    if (code !== 0 && !gotData) {
      const msg = stderr.trim().replace(/^nc: /, "") || `nc exited with code ${code}`;
      d.destroy(new Error(msg));
      return;
    }
    d.push(null);
  });
  return ok(d);
}

/** Ports are 1..65535. */
export function validPort(port: number): RuntimeResult<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return fail("InvalidArgument", `invalid port ${port}`);
  return ok(undefined);
}

// gRPC probes, as upstream's pkg/probe/grpc: the standard health protocol (grpc.health.v1.Health/Check,
// https://github.com/grpc/grpc/blob/master/doc/health-checking.md) over plaintext HTTP/2 to the pod IP;
// SERVING succeeds ("service is healthy"), any other answer or error fails with upstream's messages.
import * as http2 from "node:http2";
import { joinHostPort } from "./port.js";
import { probeVersion, type ProbeOutcome } from "./result.js";

const servingStatus = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];
const grpcCodes = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
];

/** Go's time.Duration String for whole seconds ("1s", "1m30s"). */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ""}${m}m${s % 60}s`;
}

/** HealthCheckRequest{service} as a length-prefixed gRPC message. */
function requestFrame(service: string): Buffer {
  const svc = Buffer.from(service, "utf8");
  const body = svc.length ? Buffer.concat([Buffer.from([0x0a]), varint(svc.length), svc]) : Buffer.alloc(0);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** The status field (1) of a HealthCheckResponse message body. */
function parseStatus(msg: Buffer): number {
  let i = 0;
  while (i < msg.length) {
    const tag = msg[i++];
    if (tag === 0x08) {
      let v = 0;
      let shift = 0;
      while (i < msg.length) {
        const b = msg[i++];
        v |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      return v;
    }
    return 0;
  }
  return 0;
}

export function doGRPCProbe(
  host: string,
  service: string,
  port: number,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const addr = joinHostPort(host, port);
  const within = goDuration(timeoutMs);
  return new Promise((resolve) => {
    let settled = false;
    const session = http2.connect(`http://${addr}`);
    const done = (o: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.destroy();
      resolve(o);
    };
    let connected = false;
    const timer = setTimeout(() => {
      done({
        result: "failure",
        output: connected
          ? `timeout: health rpc did not complete within ${within}`
          : `timeout: failed to connect service "${addr}" within ${within}: context deadline exceeded`,
      });
    }, timeoutMs);
    session.on("error", (e) => {
      done({
        result: "failure",
        output: connected
          ? `error: health rpc probe failed: rpc error: code = Unavailable desc = ${e.message}`
          : `timeout: failed to connect service "${addr}" within ${within}: context deadline exceeded`,
      });
    });
    session.on("connect", () => {
      connected = true;
    });
    const req = session.request({
      ":method": "POST",
      ":path": "/grpc.health.v1.Health/Check",
      "content-type": "application/grpc",
      te: "trailers",
      "user-agent": `kube-probe/${probeVersion}`,
    });
    const chunks: Buffer[] = [];
    let grpcStatus: string | undefined;
    let grpcMessage = "";
    const takeStatus = (h: http2.IncomingHttpHeaders) => {
      if (h["grpc-status"] !== undefined) {
        grpcStatus = String(h["grpc-status"]);
        grpcMessage = decodeURIComponent(String(h["grpc-message"] ?? ""));
      }
    };
    req.on("response", takeStatus);
    req.on("trailers", takeStatus);
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", (e) =>
      done({
        result: "failure",
        output: connected
          ? `error: health rpc probe failed: ${e.message}`
          : `timeout: failed to connect service "${addr}" within ${within}: context deadline exceeded`,
      }),
    );
    req.on("end", () => {
      const code = Number(grpcStatus ?? 2);
      if (code !== 0) {
        if (code === 12)
          return done({
            result: "failure",
            output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${grpcMessage}`,
          });
        if (code === 4)
          return done({ result: "failure", output: `timeout: health rpc did not complete within ${within}` });
        return done({
          result: "failure",
          output: `error: health rpc probe failed: rpc error: code = ${grpcCodes[code] ?? code} desc = ${grpcMessage}`,
        });
      }
      const body = Buffer.concat(chunks);
      const status = body.length >= 5 ? parseStatus(body.subarray(5, 5 + body.readUInt32BE(1))) : 0;
      if (status !== 1)
        return done({
          result: "failure",
          output: `service unhealthy (responded with "${servingStatus[status] ?? status}")`,
        });
      done({ result: "success", output: "service is healthy" });
    });
    req.end(requestFrame(service));
  });
}

// The audit log (--audit-policy-file, --audit-log-path): one audit.k8s.io/v1 Event per request stage as a
// JSON line, at the level the policy gives the request. The server asks for a context per request only
// when auditing is configured, so requests pay nothing otherwise.
import { randomUUID } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { UserInfo } from "../authn/user.js";
import { recordRequestBody, recordedRequestBody } from "../request/body.js";
import {
  evaluatePolicy,
  levels,
  type Level,
  type Policy,
  type RequestAttributes,
  type Stage,
} from "./policy.js";

export interface ObjectReference {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind: "Event";
  apiVersion: "audit.k8s.io/v1";
  level: Level;
  auditID: string;
  stage: Stage;
  requestURI: string;
  verb: string;
  user: UserInfo | Record<string, never>;
  impersonatedUser?: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: ObjectReference;
  responseStatus?: Record<string, unknown>;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** Where events go: the log file's stream, or a function (tests). */
export type AuditSink = (line: string) => void;

/** MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // ...SS.mmmZ
  const micros = Math.floor((ms % 1) * 1000);
  return `${iso.slice(0, -1)}${String(micros).padStart(3, "0")}Z`;
}

const now = () => performance.timeOrigin + performance.now();

/** upstream's source IPs: X-Forwarded-For, X-Real-Ip, then the connection's address. */
function sourceIPs(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const fwd = req.headers["x-forwarded-for"];
  if (typeof fwd === "string")
    ips.push(
      ...fwd
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const real = req.headers["x-real-ip"];
  if (typeof real === "string" && real && !ips.includes(real)) ips.push(real);
  const remote = req.socket.remoteAddress?.replace(/^::ffff:/, "");
  if (remote && !ips.includes(remote)) ips.push(remote);
  return ips;
}

const writeVerbs = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/** One request's audit record, filled as the request moves through the pipeline. */
export class AuditContext {
  readonly auditID = randomUUID();
  private readonly received = now();
  private user: UserInfo | undefined;
  private impersonated: UserInfo | undefined;
  private attrs: RequestAttributes | undefined;
  private objectRef: ObjectReference | undefined;
  private level: Level = "None";
  private omit: Stage[] = [];
  private readonly annotations: Record<string, string> = {};
  private responseChunks: Buffer[] | undefined;
  private finished = false;

  constructor(
    private readonly auditor: Auditor,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    res.setHeader("Audit-Id", this.auditID);
  }

  /** The authenticated user, and the impersonated one when headers asked for it. */
  setUser(authenticated: UserInfo, effective: UserInfo): void {
    this.user = authenticated;
    if (effective !== authenticated) this.impersonated = effective;
  }

  /** What the request is; decides the level and emits RequestReceived. */
  setAttributes(a: RequestAttributes, apiVersion: string): void {
    this.attrs = a;
    if (a.resourceRequest) {
      const ref: ObjectReference = {};
      if (a.resource) ref.resource = a.resource;
      if (a.namespace) ref.namespace = a.namespace;
      if (a.name) ref.name = a.name;
      if (a.apiGroup) ref.apiGroup = a.apiGroup;
      if (apiVersion) ref.apiVersion = apiVersion;
      if (a.subresource) ref.subresource = a.subresource;
      this.objectRef = ref;
    }
    const p = evaluatePolicy(this.auditor.policy, a);
    this.level = p.level;
    this.omit = p.omitStages;
    if (this.level === "None") return;
    if (levels.indexOf(this.level) >= levels.indexOf("Request") && writeVerbs.has(a.verb))
      recordRequestBody(this.req);
    if (this.level === "RequestResponse" && a.verb !== "watch") this.captureResponse();
    this.emit("RequestReceived");
    // long-running requests also log when their response starts (upstream's ResponseStarted)
    if (a.verb === "watch") {
      const writeHead = this.res.writeHead.bind(this.res) as (...args: unknown[]) => ServerResponse;
      this.res.writeHead = (...args: unknown[]) => {
        if (!this.finished) this.emit("ResponseStarted", { metadata: {}, code: args[0] as number });
        return writeHead(...args);
      };
    }
  }

  /** upstream's authorization annotations. */
  setDecision(allowed: boolean, reason: string): void {
    this.annotations["authorization.k8s.io/decision"] = allowed ? "allow" : "forbid";
    this.annotations["authorization.k8s.io/reason"] = reason;
  }

  /** The final stage; `status` is the Status of a failed request. */
  finish(status?: { status?: string; message?: string; reason?: string; code?: number }): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.attrs) {
      // refused before the request was understood (no or invalid credentials, impersonation not allowed):
      // audited at Metadata as upstream
      this.level = "Metadata";
      this.attrs = {
        user: this.user ?? { username: "", groups: [] },
        verb: (this.req.method ?? "GET").toLowerCase(),
        resourceRequest: false,
        path: this.req.url ?? "/",
        apiGroup: "",
        resource: "",
        subresource: "",
        namespace: "",
        name: "",
      };
    }
    if (this.level === "None") return;
    const code = status?.code ?? this.res.statusCode;
    const responseStatus: Record<string, unknown> = { metadata: {} };
    if (status?.status) responseStatus.status = status.status;
    if (status?.message) responseStatus.message = status.message;
    if (status?.reason) responseStatus.reason = status.reason;
    responseStatus.code = code;
    this.emit("ResponseComplete", responseStatus);
  }

  private captureResponse(): void {
    const res = this.res;
    const chunks: Buffer[] = (this.responseChunks = []);
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    const keep = (c: unknown) => {
      if (typeof c === "string") chunks.push(Buffer.from(c));
      else if (c instanceof Uint8Array) chunks.push(Buffer.from(c));
    };
    res.write = ((c: unknown, ...rest: unknown[]) => {
      keep(c);
      return write(c, ...rest);
    }) as typeof res.write;
    res.end = ((c?: unknown, ...rest: unknown[]) => {
      if (typeof c !== "function") keep(c);
      return end(c, ...rest);
    }) as typeof res.end;
  }

  private emit(stage: Stage, responseStatus?: Record<string, unknown>): void {
    if (this.omit.includes(stage)) return;
    const a = this.attrs!;
    const ev: AuditEvent = {
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: this.level,
      auditID: this.auditID,
      stage,
      requestURI: this.req.url ?? "/",
      verb: a.verb,
      user: this.user ?? {},
      sourceIPs: sourceIPs(this.req),
      requestReceivedTimestamp: microTime(this.received),
      stageTimestamp: microTime(now()),
    };
    if (this.impersonated) ev.impersonatedUser = this.impersonated;
    const ua = this.req.headers["user-agent"];
    if (ua) ev.userAgent = ua;
    if (this.objectRef) ev.objectRef = this.objectRef;
    if (responseStatus) ev.responseStatus = responseStatus;
    if (stage === "ResponseComplete" && levels.indexOf(this.level) >= levels.indexOf("Request")) {
      const body = recordedRequestBody(this.req);
      const type = String(this.req.headers["content-type"] ?? "");
      const obj = body && (type.includes("protobuf") ? this.auditor.decodeProtobuf?.(body) : jsonOf(body));
      if (obj !== undefined) ev.requestObject = obj;
      if (this.level === "RequestResponse" && this.responseChunks?.length) {
        const type = String(this.res.getHeader("content-type") ?? "");
        const resp = type.includes("json") ? jsonOf(Buffer.concat(this.responseChunks)) : undefined;
        if (resp !== undefined) ev.responseObject = resp;
      }
    }
    if (Object.keys(this.annotations).length) ev.annotations = { ...this.annotations };
    this.auditor.sink(JSON.stringify(ev));
  }
}

function jsonOf(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString("utf8"));
  } catch {
    return undefined;
  }
}

export class Auditor {
  /** Protobuf bodies (kubectl's typed clients send them) are logged as the object they decode to; the API server sets it. */
  decodeProtobuf?: (body: Buffer) => unknown;

  constructor(
    readonly policy: Policy,
    readonly sink: AuditSink,
  ) {}

  begin(req: IncomingMessage, res: ServerResponse): AuditContext {
    return new AuditContext(this, req, res);
  }
}

/** A sink appending lines to a file ("-": stdout), and its closer. */
export function fileAuditSink(path: string): { sink: AuditSink; close(): Promise<void> } {
  if (path === "-") return { sink: (l) => void process.stdout.write(l + "\n"), close: async () => {} };
  const out: WriteStream = createWriteStream(path, { flags: "a", mode: 0o600 });
  out.on("error", (e) => process.stderr.write(`audit log ${path}: ${e.message}\n`));
  return {
    sink: (l) => void out.write(l + "\n"),
    close: () => new Promise<void>((r) => out.end(() => r())),
  };
}

// The kubelet API (HTTPS, port 10250 upstream; pkg/kubelet/server): what the API server calls for
// `kubectl logs` (/containerLogs), `exec` (/exec), `attach` (/attach) and `port-forward` (/portForward),
// plus /healthz, /pods, /runningpods and /stats/summary. Clients authenticate with certificates of the
// cluster CA and are authorized by SubjectAccessReviews (auth.ts).
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { RestClient } from "../../client/rest/client.js";
import type { Logger } from "../../client/log.js";
import type { RuntimeService } from "../../runtime/cri.js";
import { servePortForward } from "../streaming/portforward.js";
import {
  remoteCommandChannels,
  remoteCommandOptions,
  serveRemoteCommand,
} from "../streaming/remotecommand.js";
import { writeHttpError } from "../streaming/upgrade.js";
import { authenticate, forbiddenMessage, requestAttributes, SubjectAccessReviewer } from "./auth.js";
import {
  CONTAINER_NAME_LABEL,
  findContainers,
  findPodSandbox,
  POD_NAMESPACE_LABEL,
  POD_NAME_LABEL,
  podUid,
} from "./containers.js";
import { parseLogOptions, readLogs } from "./logs.js";
import { SummaryProvider } from "./stats.js";

export interface KubeletServerOptions {
  runtime: RuntimeService;
  /** The node's client: SubjectAccessReviews, and the pods of /pods and log error messages. */
  client: RestClient;
  tls: { cert: string; key: string; clientCA: string };
  address: string;
  port: number;
  log: Logger;
  /** The node part of /stats/summary. */
  stats?: () => Promise<unknown>;
  /** The Node's name: the name in SubjectAccessReviews and the field selector of /pods. */
  nodeName?: string;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const segments = (path: string) => path.split("/").filter(Boolean).map(decodeURIComponent);

/** /exec/{ns}/{pod}/{container} or /exec/{ns}/{pod}/{uid}/{container}. */
function podContainerPath(parts: string[]): {
  namespace: string;
  pod: string;
  uid?: string;
  container: string;
} {
  if (parts.length === 4) return { namespace: parts[1], pod: parts[2], container: parts[3] };
  if (parts.length === 5) return { namespace: parts[1], pod: parts[2], uid: parts[3], container: parts[4] };
  throw new HttpError(404, "404 page not found");
}

export function createKubeletServer(o: KubeletServerOptions): {
  start(signal: AbortSignal): Promise<{ port: number }>;
} {
  const log = o.log;
  const rt = o.runtime;
  const sar = new SubjectAccessReviewer(o.client, o.nodeName);
  const summary = new SummaryProvider(rt, o.stats ?? (() => Promise.resolve({ nodeName: o.nodeName ?? "" })));

  async function authorized(req: IncomingMessage, path: string): Promise<void> {
    const user = authenticate(req);
    if (!user) throw new HttpError(401, "Unauthorized");
    const attrs = requestAttributes(req.method ?? "GET", path);
    if (!(await sar.allowed(user, attrs))) throw new HttpError(403, forbiddenMessage(user, attrs));
  }

  /** The running instance of a container, as upstream's GetExec/GetAttach find it. */
  async function runningContainer(p: {
    namespace: string;
    pod: string;
    uid?: string;
    container: string;
  }): Promise<string> {
    const sb = await findPodSandbox(rt, p.namespace, p.pod, p.uid);
    if (!sb) throw new HttpError(404, "pod does not exist");
    const cs = await findContainers(rt, p.namespace, p.pod, p.container, podUid(sb));
    const c = cs.find((x) => x.state === "CONTAINER_RUNNING");
    // upstream streaming.WriteError: the runtime error's text, with 500
    if (!c) throw new HttpError(500, `container not found (${JSON.stringify(p.container)})`);
    return c.id;
  }

  async function containerLogs(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    parts: string[],
  ): Promise<void> {
    if (parts.length !== 4) throw new HttpError(404, "404 page not found");
    const [, namespace, pod, container] = parts;
    if (!container) throw new HttpError(400, `Expected container name in ${url.pathname}`);
    const po = parseLogOptions(url.searchParams);
    if (!po.ok) throw new HttpError(400, po.message);
    const opts = po.options;
    const sb = await findPodSandbox(rt, namespace, pod);
    if (!sb) throw new HttpError(404, `pod ${JSON.stringify(`${namespace}/${pod}`)} does not exist`);
    const cs = await findContainers(rt, namespace, pod, container, podUid(sb));
    const target = opts.previous ? cs[1] : cs[0];
    if (!target)
      throw new HttpError(400, await missingContainerMessage(namespace, pod, container, opts.previous));
    const st = await rt.containerStatus(target.id);
    if (!st.ok)
      throw new HttpError(
        400,
        `container ${JSON.stringify(container)} in pod ${JSON.stringify(pod)} is not available`,
      );
    res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    let gone = false;
    res.on("close", () => (gone = true));
    await readLogs(
      st.value.logPath,
      opts,
      {
        write: (b) =>
          new Promise<void>((resolve) => {
            if (gone || !b.length) return resolve();
            if (res.write(b)) resolve();
            else res.once("drain", () => resolve());
            res.once("close", () => resolve());
          }),
        closed: () => gone,
      },
      async () => {
        const s = await rt.containerStatus(target.id);
        return s.ok && s.value.state === "CONTAINER_RUNNING";
      },
    );
    res.end();
  }

  /** upstream validateContainerLogStatus's messages, from the pod's status when the API has it. */
  async function missingContainerMessage(
    ns: string,
    pod: string,
    container: string,
    previous: boolean,
  ): Promise<string> {
    const q = (s: string) => JSON.stringify(s);
    if (previous) return `previous terminated container ${q(container)} in pod ${q(pod)} not found`;
    try {
      const p = await o.client.raw<{ status?: { containerStatuses?: any[]; initContainerStatuses?: any[] } }>(
        "GET",
        `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}`,
      );
      const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
      const cs = all.find((c) => c.name === container);
      const reason = cs?.state?.waiting?.reason as string | undefined;
      if (reason === "ErrImagePull")
        return `container ${q(container)} in pod ${q(pod)} is waiting to start: image can't be pulled`;
      if (reason === "ImagePullBackOff")
        return `container ${q(container)} in pod ${q(pod)} is waiting to start: trying and failing to pull image`;
      if (reason) return `container ${q(container)} in pod ${q(pod)} is waiting to start: ${reason}`;
      if (cs?.state?.terminated) return `container ${q(container)} in pod ${q(pod)} is terminated`;
      if (cs) return `container ${q(container)} in pod ${q(pod)} is waiting to start - no logs yet`;
    } catch {
      // the pod's status is not available: say what the runtime knows
    }
    return `container ${q(container)} in pod ${q(pod)} is not available`;
  }

  async function pods(res: ServerResponse, running: boolean): Promise<void> {
    if (!running && o.nodeName) {
      const list = await o.client.raw(
        "GET",
        `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${o.nodeName}`)}`,
      );
      return json(res, 200, {
        kind: "PodList",
        apiVersion: "v1",
        metadata: {},
        items: (list as { items?: unknown[] }).items ?? [],
      });
    }
    const sandboxes = await rt.listPodSandbox({ state: "SANDBOX_READY" });
    const containers = await rt.listContainers({ state: "CONTAINER_RUNNING" });
    const items = sandboxes.map((sb) => ({
      metadata: {
        name: sb.labels[POD_NAME_LABEL] ?? sb.metadata.name,
        namespace: sb.labels[POD_NAMESPACE_LABEL] ?? sb.metadata.namespace,
        uid: podUid(sb),
        creationTimestamp: null,
      },
      spec: {
        containers: containers
          .filter((c) => c.podSandboxId === sb.id)
          .map((c) => ({
            name: c.labels[CONTAINER_NAME_LABEL] ?? c.metadata.name,
            image: c.image.image,
            resources: {},
          })),
      },
      status: {},
    }));
    json(res, 200, { kind: "PodList", apiVersion: "v1", metadata: {}, items });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://kubelet");
    const parts = segments(url.pathname);
    await authorized(req, url.pathname);
    const method = req.method ?? "GET";
    switch (parts[0]) {
      case "healthz":
        return text(res, 200, "ok");
      case "pods":
        if (parts.length === 1 && method === "GET") return pods(res, false);
        break;
      case "runningpods":
        if (parts.length === 1 && method === "GET") return pods(res, true);
        break;
      case "stats":
        if (url.pathname.replace(/\/$/, "") === "/stats/summary" && method === "GET")
          return json(res, 200, await summary.summary());
        break;
      case "containerLogs":
        if (method === "GET") return containerLogs(req, res, url, parts);
        break;
      case "exec":
      case "attach":
      case "portForward":
        throw new HttpError(400, "Upgrade request required");
    }
    throw new HttpError(404, "404 page not found");
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? "/", "https://kubelet");
    const parts = segments(url.pathname);
    await authorized(req, url.pathname);
    if (parts[0] === "exec" || parts[0] === "attach") {
      const p = podContainerPath(parts);
      const ro = remoteCommandOptions(url.searchParams);
      if (!ro.ok) throw new HttpError(400, ro.message);
      const cmd = url.searchParams.getAll("command");
      if (parts[0] === "exec" && cmd.length === 0) throw new HttpError(400, "missing command");
      const id = await runningContainer(p);
      const ch = await remoteCommandChannels(req, socket, head, ro.options);
      if (!ch) return;
      const opts = ro.options;
      if (parts[0] === "exec")
        return serveRemoteCommand(
          ch,
          () =>
            rt.exec({
              containerId: id,
              cmd,
              tty: opts.tty,
              stdin: opts.stdin,
              stdout: opts.stdout,
              stderr: opts.stderr,
            }),
          cmd,
        );
      return serveRemoteCommand(ch, () =>
        rt.attach({ containerId: id, stdin: opts.stdin, stdout: opts.stdout, stderr: opts.stderr }),
      );
    }
    if (parts[0] === "portForward" && (parts.length === 3 || parts.length === 4)) {
      const sb = await findPodSandbox(rt, parts[1], parts[2], parts[3]);
      if (!sb) throw new HttpError(404, "pod does not exist");
      return servePortForward(req, socket, head, {
        pod: sb.id,
        uid: "",
        dial: (port) => rt.portForward(sb.id, port),
      });
    }
    throw new HttpError(404, "404 page not found");
  }

  let server: Server | undefined;
  return {
    async start(signal) {
      server = createServer(
        {
          cert: o.tls.cert,
          key: o.tls.key,
          ca: o.tls.clientCA,
          requestCert: true,
          rejectUnauthorized: false,
        },
        (req, res) => {
          handle(req, res).catch((e: unknown) => {
            const err =
              e instanceof HttpError ? e : new HttpError(500, e instanceof Error ? e.message : String(e));
            if (!(e instanceof HttpError))
              log.error({ url: req.url, err: String(e) }, "kubelet API request failed");
            if (res.headersSent) res.end();
            else text(res, err.code, err.message);
          });
        },
      );
      // Upgraded connections leave the HTTP server's bookkeeping: stopping ends them here.
      const upgraded = new Set<Socket>();
      server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
        upgraded.add(socket);
        socket.once("close", () => upgraded.delete(socket));
        socket.on("error", () => socket.destroy());
        upgrade(req, socket, head).catch((e: unknown) => {
          const err =
            e instanceof HttpError ? e : new HttpError(500, e instanceof Error ? e.message : String(e));
          if (!(e instanceof HttpError))
            log.error({ url: req.url, err: String(e) }, "kubelet streaming request failed");
          if (socket.writable) writeHttpError(socket, err.code, err.message);
        });
      });
      server.on("tlsClientError", () => undefined);
      const srv = server;
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(o.port, o.address, () => resolve());
      });
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : o.port;
      log.info({ address: o.address, port }, "kubelet API serving");
      const stop = () => {
        srv.close();
        srv.closeAllConnections();
        for (const s of upgraded) s.destroy();
      };
      if (signal.aborted) stop();
      else signal.addEventListener("abort", stop, { once: true });
      return { port };
    },
  };
}

function text(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

function json(res: ServerResponse, code: number, v: unknown): void {
  const body = JSON.stringify(v);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

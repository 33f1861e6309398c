// Test harness: a real API server over a real store (a SQLite file in a temp dir, or etcd on loopback),
// mounted on a plain HTTP server on 127.0.0.1, with small request and watch helpers.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResourceType } from "../../api/registry.js";
import { allResources } from "../../api/index.js";
import { SqliteStore } from "../../storage/sqlite/sqlite-store.js";
import type { Store } from "../../storage/store.js";
import { createApiServer, type ApiServer, type ApiServerOptions } from "../server.js";

export const adminToken = "admin-token";

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined if it is not JSON). */
  json: any;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as is when a string or Buffer, else JSON-encoded. */
  body?: unknown;
  contentType?: string;
  token?: string | null;
}

export interface Harness {
  base: string;
  store: Store;
  api: ApiServer;
  req(method: string, path: string, o?: RequestOptions): Promise<Response>;
  watch(path: string, o?: { headers?: Record<string, string> }): Promise<WatchStream>;
  stop(): Promise<void>;
}

export interface WatchStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next event, or undefined when the stream ended; rejects after timeoutMs. */
  next(timeoutMs?: number): Promise<any>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export interface HarnessOptions extends Partial<
  Omit<ApiServerOptions, "store" | "resources" | "authenticate">
> {
  resources?: ResourceType[];
  /** A store to use instead of a fresh SQLite file (closed by stop()). */
  store?: Store;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  let dir: string | undefined;
  let store = o.store;
  if (!store) {
    dir = mkdtempSync(join(tmpdir(), "k8ts-apiserver-test-"));
    store = new SqliteStore({ path: join(dir, "state.db"), synchronous: "normal" });
  }
  const api = createApiServer({
    ...o,
    store,
    resources: o.resources ?? allResources,
    authenticate: (req) => {
      const h = req.headers.authorization ?? "";
      if (h === `Bearer ${adminToken}`)
        return { username: "admin", groups: ["system:masters", "system:authenticated"] };
      // "user-NAME" is NAME in no group of its own; "user-NAME@G1,G2" is also in G1 and G2
      if (h.startsWith("Bearer user-")) {
        const [username, groups] = h.slice("Bearer user-".length).split("@");
        return { username, groups: [...(groups ? groups.split(",") : []), "system:authenticated"] };
      }
      return null;
    },
  });
  const abort = new AbortController();
  const running = api.start(abort.signal);
  await api.whenReady();
  const server: Server = createServer(api.handler);
  server.on("upgrade", api.upgrade);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const base = `http://127.0.0.1:${port}`;

  const headersFor = (o: RequestOptions | undefined, body: Buffer | undefined): Record<string, string> => {
    const h: Record<string, string> = { ...(o?.headers ?? {}) };
    const token = o?.token === undefined ? adminToken : o.token;
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      h["content-length"] = String(body.length);
      if (o?.contentType !== undefined) h["content-type"] = o.contentType;
      else if (!("content-type" in h)) h["content-type"] = "application/json";
    }
    return h;
  };

  const req = (method: string, path: string, ro?: RequestOptions): Promise<Response> =>
    new Promise((resolve, reject) => {
      const body =
        ro?.body === undefined
          ? undefined
          : Buffer.isBuffer(ro.body)
            ? ro.body
            : Buffer.from(typeof ro.body === "string" ? ro.body : JSON.stringify(ro.body));
      const r = httpRequest(base + path, { method, headers: headersFor(ro, body) }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      });
      r.on("error", reject);
      r.end(body);
    });

  const watch = (path: string, wo?: { headers?: Record<string, string> }): Promise<WatchStream> =>
    new Promise((resolve, reject) => {
      const r = httpRequest(base + path, {
        method: "GET",
        headers: headersFor({ headers: wo?.headers }, undefined),
      });
      r.on("error", (e) => {
        if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
      });
      r.on("response", (res) => {
        const queue: unknown[] = [];
        const waiters: ((v: unknown) => void)[] = [];
        let buf = "";
        let done = false;
        let endResolve!: () => void;
        const ended = new Promise<void>((x) => (endResolve = x));
        const push = (v: unknown) => {
          const w = waiters.shift();
          if (w) w(v);
          else queue.push(v);
        };
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) push(JSON.parse(line));
          }
        });
        const finish = () => {
          if (done) return;
          done = true;
          if (buf.trim()) push(JSON.parse(buf));
          while (waiters.length) waiters.shift()!(undefined);
          endResolve();
        };
        res.on("end", finish);
        res.on("close", finish);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          ended,
          next: (timeoutMs = 5000) =>
            new Promise((ok, fail) => {
              if (queue.length) return ok(queue.shift());
              if (done) return ok(undefined);
              const t = setTimeout(() => {
                const idx = waiters.indexOf(w);
                if (idx >= 0) waiters.splice(idx, 1);
                fail(new Error(`no watch event within ${timeoutMs} ms`));
              }, timeoutMs);
              const w = (v: unknown) => {
                clearTimeout(t);
                ok(v);
              };
              waiters.push(w);
            }),
          close: () => {
            r.destroy();
            finish();
          },
        });
      });
      r.end();
    });

  return {
    base,
    store,
    api,
    req,
    watch,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      abort.abort();
      await running;
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Minimal objects for tests. */
export const configMap = (
  name: string,
  data: Record<string, string> = { k: "v" },
  labels?: Record<string, string>,
) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

export const deployment = (name: string, replicas = 1) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "c", image: "busybox:1.36" }] },
    },
  },
});

export const pod = (name: string, nodeName?: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: "c", image: "busybox:1.36" }] },
});

// The REST client every k8ts component uses to reach the API server (JSON over HTTPS, keep-alive,
// client-side QPS/burst). Resource-scoped helpers build upstream's URL layout.
import { Agent, request } from "node:https";
import { createSecureContext } from "node:tls";
import type { IncomingMessage } from "node:http";
import { ApiError, type StatusLike } from "./errors.js";
import { TokenBucket } from "./ratelimit.js";
import type { RestConfig } from "./config.js";

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}
export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}
export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}
export type PatchType = "json" | "merge" | "strategic" | "apply";
const patchContentType: Record<PatchType, string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export interface WatchEvent<T = any> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
}

/** A running watch: iterate its events; stop() ends it. The iteration ends when the server closes the stream. */
export interface Watch<T = any> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

export interface ObjectList<T = any> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

function query(o: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== "" && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export class RestClient {
  private readonly agent: Agent;
  private readonly url: URL;
  private readonly bucket: TokenBucket;

  constructor(readonly config: RestConfig) {
    this.url = new URL(config.server);
    // One TLS context for every connection: given ca/cert/key instead, Node parses the PEM (key included)
    // into a new context per connection, which was half the CPU of `k8ts server` under load.
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 64,
      secureContext: createSecureContext({ ca: config.ca, cert: config.cert, key: config.key }),
      rejectUnauthorized: !config.insecureSkipTLSVerify,
    });
    this.bucket = new TokenBucket(config.qps ?? 5, config.burst ?? 10);
  }

  private open(method: string, path: string, body?: Buffer, contentType?: string): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = {
      accept: "application/json",
      "user-agent": this.config.userAgent ?? "k8ts",
    };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (body) {
      headers["content-type"] = contentType ?? "application/json";
      headers["content-length"] = body.length;
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port || 443, method, path, agent: this.agent, headers },
        resolve,
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** One request; a non-2xx answer becomes an ApiError carrying the server's Status. */
  async raw<T = any>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    await this.bucket.take();
    const data =
      body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const res = await this.open(method, path, data, contentType);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return (text ? JSON.parse(text) : undefined) as T;
    let status: StatusLike;
    try {
      status = JSON.parse(text) as StatusLike;
    } catch {
      status = { message: text || `HTTP ${code}`, code };
    }
    throw new ApiError(code, status);
  }

  /** Opens a watch stream (not rate limited beyond its first request, as client-go). */
  async watch<T = any>(path: string): Promise<Watch<T>> {
    await this.bucket.take();
    const res = await this.open("GET", path);
    const code = res.statusCode ?? 0;
    if (code !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      let status: StatusLike;
      try {
        status = JSON.parse(Buffer.concat(chunks).toString()) as StatusLike;
      } catch {
        status = { message: `HTTP ${code}`, code };
      }
      throw new ApiError(code, status);
    }
    const stop = () => res.destroy();
    async function* events(): AsyncGenerator<WatchEvent<T>> {
      let buf = "";
      try {
        for await (const chunk of res) {
          buf += (chunk as Buffer).toString();
          let i: number;
          while ((i = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, i).trim();
            buf = buf.slice(i + 1);
            if (line) yield JSON.parse(line) as WatchEvent<T>;
          }
        }
      } catch (e) {
        // A destroyed stream (stop()) or a dropped connection ends the watch; the informer re-watches.
        if (
          (e as NodeJS.ErrnoException).code !== "ECONNRESET" &&
          (e as Error).name !== "AbortError" &&
          !res.destroyed
        )
          throw e;
      }
    }
    const it = events();
    return { stop, [Symbol.asyncIterator]: () => it };
  }

  resource<T = any>(gvr: GroupVersionResource): ResourceClient<T> {
    return new ResourceClient<T>(this, gvr);
  }

  close(): void {
    this.agent.destroy();
  }
}

export class ResourceClient<T = any> {
  constructor(
    private readonly c: RestClient,
    readonly gvr: GroupVersionResource,
  ) {}

  /** Collection path; namespace "" lists across all namespaces. */
  path(namespace?: string, name?: string, sub?: string): string {
    const { group, version, resource, namespaced } = this.gvr;
    let p = group ? `/apis/${group}/${version}` : `/api/${version}`;
    if (namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
    p += `/${resource}`;
    if (name) p += `/${encodeURIComponent(name)}`;
    if (sub) p += `/${sub}`;
    return p;
  }

  list(namespace = "", o: ListOptions = {}): Promise<ObjectList<T>> {
    return this.c.raw("GET", this.path(namespace) + query(o));
  }
  get(namespace: string, name: string): Promise<T> {
    return this.c.raw("GET", this.path(namespace, name));
  }
  create(namespace: string, obj: T, o: WriteOptions = {}): Promise<T> {
    return this.c.raw(
      "POST",
      this.path(namespace) + query({ fieldManager: o.fieldManager, dryRun: o.dryRun ? "All" : undefined }),
      obj,
    );
  }
  update(namespace: string, name: string, obj: T, o: WriteOptions = {}): Promise<T> {
    return this.c.raw("PUT", this.path(namespace, name) + query({ fieldManager: o.fieldManager }), obj);
  }
  updateStatus(namespace: string, name: string, obj: T, o: WriteOptions = {}): Promise<T> {
    return this.c.raw(
      "PUT",
      this.path(namespace, name, "status") + query({ fieldManager: o.fieldManager }),
      obj,
    );
  }
  patch(
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    o: WriteOptions & { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const q = query({ fieldManager: o.fieldManager, force: o.force ? "true" : undefined });
    return this.c.raw("PATCH", this.path(namespace, name, o.subresource) + q, patch, patchContentType[type]);
  }
  delete(
    namespace: string,
    name: string,
    opts: {
      propagationPolicy?: string;
      gracePeriodSeconds?: number;
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): Promise<unknown> {
    return this.c.raw("DELETE", this.path(namespace, name), opts);
  }
  watch(namespace = "", o: WatchOptions = {}): Promise<Watch<T>> {
    return this.c.watch<T>(this.path(namespace) + query({ ...o, watch: "true" }));
  }
}

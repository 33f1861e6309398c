// The API server's request pipeline, as kube-apiserver's: authentication → authorization → (per handler)
// decode → default → admission → validation → storage. Every handler is exception-safe: any failure is
// a Status, never a crash or a stack trace. `createApiServer` returns the HTTP handler the lead mounts on
// the https server, and a lifecycle that bootstraps the store and fills the watch cache.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { TSchema } from "@sinclair/typebox";
import type { ResourceType } from "../api/registry.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import { DeleteOptions as DeleteOptionsSchema } from "../api/meta/v1/types.js";
import { Scale, validateScale } from "../api/autoscaling/v1/index.js";
import { Binding } from "../api/core/v1/binding.js";
import { Eviction } from "../api/policy/v1/types.js";
import type { Store } from "../storage/store.js";
import type { UserInfo } from "./authn/user.js";
import {
  alwaysAllow,
  fieldSelectorRequirements,
  forbiddenError,
  type Authorizer,
  type AuthorizationAttributes,
} from "./authz/authorizer.js";
import { requestInfo, type RequestInfo } from "./request/info.js";
import {
  methodNotAllowed,
  methodNotSupported,
  resourceNotFound,
  serviceUnavailable,
  StatusError,
  badRequest,
  qualified,
  toStatusError,
  unauthorized,
} from "./errors.js";
import { writeStatusError, writeText, writeValue } from "./response/write.js";
import { SchemaCompiler, type Node } from "./decode/typed.js";
import { listPrefix, resourceInfo, type ResourceInfo } from "./registry/resource.js";
import { GenericRegistry, type RegistryHooks } from "./registry/generic.js";
import { defaultServiceRanges, ServiceAllocator } from "./registry/service.js";
import { linkStorageVersions } from "./registry/conversion.js";
import { WatchCache } from "./watchcache/cache.js";
import { AdmissionChain, type AdmissionPlugin } from "./admission/admission.js";
import { namespaceLifecycle } from "./admission/namespacelifecycle.js";
import { createRbac, reconcileBootstrapPolicy } from "./rbac/index.js";
import {
  serviceAccountAuthenticator,
  ServiceAccountTokens,
  type ObjectGetter,
  type ServiceAccountTokenOptions,
} from "./authn/serviceaccount.js";
import { TokenRequest } from "../api/authentication/v1/types.js";
import { createToken } from "./handlers/tokenrequest.js";
import { impersonatedUser } from "./authn/impersonation.js";
import { builtinAdmissionPlugins } from "./admission/plugins.js";
import { bootstrapSystemPriorityClasses } from "./admission/priority/bootstrap.js";
import { RequestScope, type ServerServices } from "./handlers/scope.js";
import { getResource, listResource } from "./handlers/get.js";
import { createResource } from "./handlers/create.js";
import { updateResource } from "./handlers/update.js";
import { patchResource } from "./handlers/patch.js";
import { deleteCollection, deleteResource } from "./handlers/delete.js";
import { getScale, patchScale, updateScale } from "./handlers/scale.js";
import { finalizeNamespace } from "./handlers/finalize.js";
import { bindPod, evictPod } from "./handlers/podsubresources.js";
import { nodeProxy, podLog, podStreamUpgrade, writeUpgradeError, type PodProxyDeps } from "./proxy/pods.js";
import type { KubeletClientConfig } from "./proxy/kubelet.js";
import {
  serveProxy,
  serveProxyUpgrade,
  type ProxyRequest,
  type ProxySubresourceDeps,
} from "./proxy/subresource.js";
import { serveReview, isReviewResource } from "./handlers/reviews.js";
import { decodeKubeProtobuf } from "./protobuf/index.js";
import { buildOpenApi, type OpenApi } from "./openapi/index.js";
import { serveOpenApi } from "./openapi/serve.js";
import {
  aggregatedContentType,
  aggregatedList,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  groupsOf,
  isCreateOnly,
  wantsAggregated,
  type GroupVersions,
  type ServerAddress,
} from "./discovery/discovery.js";
import { bootstrapKubernetesService, bootstrapNamespaces } from "./bootstrap.js";
import { silentLogger, type Logger } from "./logger.js";
import type { AuditContext, Auditor } from "./audit/audit.js";
import { bootstrapTokenAuthenticator } from "./authn/bootstrap.js";
import { certificateSigningRequestStrategy } from "./admission/certificates/strategy.js";
import {
  certificateApproval,
  certificateSigning,
  certificateSubjectRestriction,
} from "./admission/certificates/signers.js";
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { apiServerComponent, ApiServerMetrics, type RequestLabels } from "./metrics/metrics.js";
import {
  dryRunLabel,
  isLongRunning,
  isReadOnly,
  recordsResponseSize,
  reportedVerb,
  resourceScope,
} from "./metrics/labels.js";
import type { Watermark } from "./metrics/watermark.js";

export type { UserInfo } from "./authn/user.js";
export type { Logger } from "./logger.js";

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const defaultVersion: VersionInfo = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0",
  gitCommit: "70d3cc986aa8221cd1dfb1121852688902d3bf53",
  gitTreeState: "clean",
  buildDate: "2024-12-11T17:58:35Z",
  goVersion: "go1.23.3",
  compiler: "gc",
  platform: "linux/amd64",
};

export interface ApiServerOptions {
  store: Store;
  resources: ResourceType[];
  /** The request's user, or null when it carries no (valid) credentials. */
  authenticate: (req: IncomingMessage) => UserInfo | null;
  /** Default: every authenticated user may do everything. */
  authorizer?: Authorizer;
  /** "RBAC" (--authorization-mode=RBAC): system:masters, then RBAC, with the bootstrap policy reconciled at start. */
  authorizationMode?: "AlwaysAllow" | "RBAC";
  /** ServiceAccount tokens: the signing key (<data-dir>/server/tls/service.key), issuer, audiences. */
  serviceAccountTokens?: ServiceAccountTokenOptions & { maxExpirationSeconds?: number };
  version?: Partial<VersionInfo>;
  logger?: Logger;
  /** Built-in admission plugins to enable besides NamespaceLifecycle (--enable-admission-plugins). */
  admissionPlugins?: string[];
  /** Extra admission plugins, run after NamespaceLifecycle and the built-in ones. */
  admission?: AdmissionPlugin[];
  /** BOOKMARK interval on watches that allow them (upstream: about a minute). */
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds last between this and twice this (upstream --min-request-timeout, 1800 s). */
  minRequestTimeoutMs?: number;
  /** Changes kept per resource for resuming watches. */
  eventWindow?: number;
  /** Bytes a slow watcher may queue before it is cut off. */
  maxWatchBuffer?: number;
  /** Service cluster IP range (--service-cluster-ip-range; default 10.43.0.0/16). */
  serviceClusterIPRange?: string;
  /** Service node port range (--service-node-port-range; default 30000-32767). */
  serviceNodePortRange?: string;
  /** Where clients reach this API server: written into the default/kubernetes Endpoints at start. */
  advertise?: { address: string; port: number };
  /** The apiserver-kubelet-client certificate for pods/log, exec, attach and portforward (and the CA of
   * the kubelets' serving certificates, when they are to be verified). */
  kubeletClient?: KubeletClientConfig;
  /** The audit log (--audit-policy-file, --audit-log-path); unset, requests are not audited. */
  auditor?: Auditor;
  /** Which pod IPs pods/proxy may reach: upstream's global unicast check unless set (tests allow loopback). */
  podProxyAddressAllowed?: (ip: string) => boolean;
}

export interface ApiServer {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Upgrade requests: pods/exec, pods/attach and pods/portforward go to the kubelet, pods/proxy and
   * services/proxy to their backend; others get a Status. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Fills the watch cache and creates the system namespaces; resolves after `signal` aborts and watches ended. */
  start(signal: AbortSignal): Promise<void>;
  /** Resolves once the server serves (start has bootstrapped). */
  whenReady(): Promise<void>;
  readonly ready: boolean;
}

/** Paths anonymous requests may read (upstream's system:public-info-viewer). */
const publicPaths = new Set(["/healthz", "/livez", "/readyz", "/version"]);
const isPublic = (path: string) =>
  publicPaths.has(path) || ["/healthz/", "/livez/", "/readyz/"].some((p) => path.startsWith(p));

const protobufListMetaKinds = new Set(["DeleteOptions"]);

/** What the request metrics keep of one request until it ends. */
interface RequestRecord {
  started: number;
  /** Set while it counts in flight (long-running requests do not). */
  inflight?: Watermark;
  /** Set once it reached a handler upstream instruments; others are not in apiserver_request_total. */
  labels?: RequestLabels;
  endLongRunning?: () => void;
  /** Bytes the connection had written when the response began, when its size is recorded. */
  sizeFrom?: number;
}

/** The pod subresources a kubelet streams: exec, attach, portforward. */
function isStreamSubresource(sub: string): sub is "exec" | "attach" | "portforward" {
  return sub === "exec" || sub === "attach" || sub === "portforward";
}

/** The query's watch flag, as RequestInfo reads it (Convert_Slice_string_To_bool: anything but 0/false). */
function watchFlag(url: URL): boolean {
  const w = url.searchParams.get("watch");
  return w !== null && w !== "0" && w.toLowerCase() !== "false";
}

export function createApiServer(opts: ApiServerOptions): ApiServer {
  const log = opts.logger ?? silentLogger;
  const version = { ...defaultVersion, ...opts.version };
  const compiler = new SchemaCompiler();
  const stopping = new AbortController();
  // every open watch listens for the server stopping
  setMaxListeners(0, stopping.signal);

  // Resources by "group/version" and plural.
  const infos: ResourceInfo[] = [];
  const byGV = new Map<string, Map<string, ResourceInfo>>();
  const registeredKinds = new Set<string>();
  const schemas = new Map<string, TSchema>();
  for (const rt of opts.resources) {
    const info = resourceInfo(rt, compiler);
    infos.push(info);
    const gv = `${rt.group}/${rt.version}`;
    let m = byGV.get(gv);
    if (!m) byGV.set(gv, (m = new Map()));
    m.set(rt.plural, info);
    registeredKinds.add(`${gv}/${rt.kind}`);
    schemas.set(`${info.apiVersion}/${rt.kind}`, rt.schema);
  }
  compiler.register(Scale);
  const scaleNode = compiler.compile(Scale);
  schemas.set("autoscaling/v1/Scale", Scale);
  // Kinds that pod subresources exchange.
  const subresourceKinds = new Map<string, Node>();
  for (const [gv, kind, schema] of [
    ["v1", "Binding", Binding],
    ["policy/v1", "Eviction", Eviction],
    ["authentication.k8s.io/v1", "TokenRequest", TokenRequest],
  ] as const) {
    compiler.register(schema);
    subresourceKinds.set(kind, compiler.compile(schema));
    schemas.set(`${gv}/${kind}`, schema);
    registeredKinds.add(`${gv.includes("/") ? gv : `/${gv}`}/${kind}`);
  }
  const groups: GroupVersions[] = groupsOf(opts.resources);
  linkStorageVersions(infos);
  const stored = infos.filter((i) => !isCreateOnly(i.rt));

  const cache = new WatchCache(
    opts.store,
    stored.filter((i) => !i.storage),
    {
      eventWindow: opts.eventWindow,
      log: (msg, fields) => log.warn(fields ?? {}, msg),
    },
  );
  const nsInfo = infos.find((i) => i.group === "" && i.plural === "namespaces");
  const rbacInfo = (plural: string) =>
    stored.find((i) => i.group === "rbac.authorization.k8s.io" && i.plural === plural && !i.storage);
  const rbacInfos = {
    roles: rbacInfo("roles")!,
    clusterRoles: rbacInfo("clusterroles")!,
    roleBindings: rbacInfo("rolebindings")!,
    clusterRoleBindings: rbacInfo("clusterrolebindings")!,
  };
  const rbac =
    opts.authorizationMode === "RBAC" && Object.values(rbacInfos).every(Boolean)
      ? createRbac(cache, rbacInfos, {
          pods: function* (namespace) {
            const reg = registryOf("", "pods");
            if (reg)
              for (const o of cache.cacheFor(reg.info).range(listPrefix(reg.info, namespace))) yield o.obj;
          },
          get: (plural, namespace, name) => {
            const reg = registryOf("", plural);
            return reg && cache.cacheFor(reg.info).get(reg.key(namespace, name))?.obj;
          },
        })
      : undefined;
  const authorizer = opts.authorizer ?? rbac?.authorizer ?? alwaysAllow;
  const getNamespace = async (name: string): Promise<KubeObject | undefined> => {
    if (!nsInfo) return undefined;
    const reg = registries.get(nsInfo)!;
    const cached = cache.ready ? cache.cacheFor(nsInfo).get(reg.key("", name)) : undefined;
    if (cached && (cached.obj.status as { phase?: string } | undefined)?.phase !== "Terminating")
      return cached.obj;
    const cur = await reg.current("", name);
    return cur?.obj.obj;
  };
  const admission = new AdmissionChain([
    ...(nsInfo ? [namespaceLifecycle(getNamespace)] : []),
    certificateSigningRequestStrategy(),
    certificateApproval((a) => authorizer.authorize(a)),
    certificateSigning((a) => authorizer.authorize(a)),
    certificateSubjectRestriction(),
    ...(rbac ? [rbac.escalationCheck] : []),
    ...builtinAdmissionPlugins(opts.admissionPlugins ?? [], {
      getNamespace,
      get: (group, plural, namespace, name) => {
        const reg = registryOf(group, plural);
        return reg && cache.cacheFor(reg.info).get(reg.key(namespace, name))?.obj;
      },
      list: function* (group, plural, namespace) {
        const reg = registryOf(group, plural);
        if (!reg) return;
        for (const o of cache.cacheFor(reg.info).range(listPrefix(reg.info, namespace))) yield o.obj;
      },
    }),
    ...(opts.admission ?? []),
  ]);
  const registries = new Map<ResourceInfo, GenericRegistry>();
  const svcInfo = infos.find((i) => i.group === "" && i.plural === "services");
  const allocator = new ServiceAllocator(
    {
      clusterIPRange: opts.serviceClusterIPRange ?? defaultServiceRanges.clusterIPRange,
      nodePortRange: opts.serviceNodePortRange ?? defaultServiceRanges.nodePortRange,
    },
    function* () {
      if (svcInfo && cache.ready) for (const o of cache.cacheFor(svcInfo).objects.values()) yield o.obj;
    },
  );
  const hooks: RegistryHooks = {
    admission,
    allocate: (info, obj, old) => (info === svcInfo ? allocator.allocate(info, obj, old) : undefined),
  };
  for (const info of stored) registries.set(info, new GenericRegistry(info, opts.store, cache, hooks));

  /** The registry of a resource at its group's preferred version. */
  function registryOf(group: string, plural: string): GenericRegistry | undefined {
    const version = groups.find((g) => g.group === group)?.versions[0] ?? "";
    const info = byGV.get(`${group}/${version}`)?.get(plural);
    return info ? registries.get(info) : undefined;
  }

  const podProxy: PodProxyDeps = {
    getPod: async (namespace, name) => (await registryOf("", "pods")!.get(namespace, name)).obj,
    getNode: async (name) => (await registryOf("", "nodes")!.get("", name)).obj,
    kubelet: opts.kubeletClient,
  };
  const resourceProxy: ProxySubresourceDeps = {
    get: async (plural, namespace, name) => (await registryOf("", plural)!.get(namespace, name)).obj,
    podAddressAllowed: opts.podProxyAddressAllowed,
  };
  /** pods/{id}/proxy and services/{id}/proxy, which only namespaced routes serve. */
  const proxyRequestOf = (info: RequestInfo, url: URL): ProxyRequest | undefined =>
    info.apiPrefix === "api" &&
    info.apiVersion === "v1" &&
    (info.resource === "pods" || info.resource === "services") &&
    info.namespace &&
    info.name &&
    info.subresource === "proxy"
      ? {
          resource: info.resource,
          namespace: info.namespace,
          id: info.name,
          path: info.path,
          rawPath: url.pathname,
          search: url.search,
        }
      : undefined;

  // ServiceAccount tokens are valid while their ServiceAccount (and bound Pod or Secret) are in the cache.
  const saTokens = opts.serviceAccountTokens && new ServiceAccountTokens(opts.serviceAccountTokens);
  const getObject: ObjectGetter = (plural, namespace, name) => {
    const reg = registryOf("", plural);
    return reg && cache.cacheFor(reg.info).get(reg.key(namespace, name))?.obj;
  };
  const saAuthenticate = saTokens && serviceAccountAuthenticator(saTokens, getObject);
  const metrics = new ApiServerMetrics({
    storageObjects: () => {
      const counts = new Map<string, number>();
      if (cache.ready)
        for (const i of stored) {
          if (i.storage) continue;
          const resource = qualified(i.gr);
          counts.set(resource, (counts.get(resource) ?? 0) + cache.cacheFor(i).objects.size);
        }
      return counts;
    },
  });
  // bootstrap tokens: Secrets in kube-system (upstream's --enable-bootstrap-token-auth, on as in k3s)
  const bootstrapAuthenticate = bootstrapTokenAuthenticator((name) =>
    getObject("secrets", "kube-system", name),
  );
  const authenticate = (req: IncomingMessage) =>
    opts.authenticate(req) ?? saAuthenticate?.(req) ?? bootstrapAuthenticate(req);

  const services: ServerServices = {
    cache,
    log,
    isRegistered: (g, v, k) =>
      registeredKinds.has(`${g}/${v}/${k}`) || (g === "autoscaling" && v === "v1" && k === "Scale"),
    decodeProtobuf: (body) => {
      const r = decodeKubeProtobuf(body, (apiVersion, kind) => {
        if (protobufListMetaKinds.has(kind)) return DeleteOptionsSchema;
        return schemas.get(`${apiVersion}/${kind}`);
      });
      return r.ok ? { ok: true, object: r.object } : { ok: false, message: r.error.message };
    },
    nodeFor: (kind) => subresourceKinds.get(kind),
    registryFor: (group, plural) => registryOf(group, plural),
    scaleNode,
    scaleSchema: Scale,
    validateScale: (s) => validateScale(s),
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    minRequestTimeoutMs: opts.minRequestTimeoutMs ?? 1_800_000,
    maxWatchBuffer: opts.maxWatchBuffer ?? 16 * 1024 * 1024,
    stopping: stopping.signal,
  };

  if (opts.auditor)
    opts.auditor.decodeProtobuf = (body) => {
      const r = services.decodeProtobuf(body);
      return r.ok ? r.object : undefined;
    };

  let openapi: OpenApi | undefined;
  const openApi = () =>
    (openapi ??= buildOpenApi(opts.resources, { version: version.gitVersion, scale: Scale }));

  // Discovery documents are built once; addresses depend on the connection, so they are filled per request.
  const legacyResourceLists = new Map<string, string>();
  for (const g of groups)
    for (const v of g.versions)
      legacyResourceLists.set(`${g.group}/${v}`, JSON.stringify(apiResourceList(opts.resources, g.group, v)));
  const aggregated = new Map<string, { body: string; etag: string }>();
  for (const core of [true, false])
    for (const v of ["v2", "v2beta1"] as const) {
      const body = JSON.stringify(aggregatedList(opts.resources, groups, core, v));
      aggregated.set(`${core ? "api" : "apis"}/${v}`, {
        body,
        etag: createHash("sha512").update(body).digest("hex").toUpperCase(),
      });
    }

  let ready = false;
  let resolveReady!: () => void;
  let rejectReady!: (e: unknown) => void;
  const readyPromise = new Promise<void>((ok, fail) => {
    resolveReady = ok;
    rejectReady = fail;
  });
  // whenReady() rejects if start() fails; nobody awaiting it is not an unhandled rejection
  readyPromise.catch(() => {});

  function serverAddresses(req: IncomingMessage): ServerAddress[] {
    const a = req.socket.localAddress ?? "127.0.0.1";
    const host = a.includes(":") && !a.startsWith("::ffff:") ? `[${a}]` : a.replace(/^::ffff:/, "");
    return [{ clientCIDR: "0.0.0.0/0", serverAddress: `${host}:${req.socket.localPort ?? 443}` }];
  }

  async function authorize(a: AuthorizationAttributes): Promise<void> {
    const d = await authorizer.authorize(a);
    if (d.decision !== "Allow") throw forbiddenError(a, d.reason);
  }

  /** Labels a non-resource request the way upstream's InstrumentHandlerFunc wrappers do: the path as subresource. */
  function instrumentPath(
    rec: RequestRecord,
    req: IncomingMessage,
    url: URL,
    path: string,
    component: string,
  ) {
    rec.labels = {
      verb: reportedVerb({
        method: req.method ?? "GET",
        scope: "",
        legacyWatch: false,
        watch: url.searchParams.get("watch"),
        contentType: req.headers["content-type"],
        subresource: "",
      }),
      dry_run: url.search.includes("dryRun") ? dryRunLabel(url.searchParams) : "",
      group: "",
      version: "",
      resource: "",
      subresource: path,
      scope: "",
      component,
    };
    // these handlers are installed for GET, whose response sizes upstream records
    rec.sizeFrom = req.socket.bytesWritten;
  }

  function instrumentResource(rec: RequestRecord, req: IncomingMessage, url: URL, info: RequestInfo): void {
    const method = req.method ?? "GET";
    const legacyWatch = info.verb === "watch" && !watchFlag(url);
    const scope = resourceScope(method, info.parts.length > 1, info.namespace !== "");
    const labels: RequestLabels = {
      verb: reportedVerb({
        method,
        scope,
        legacyWatch,
        watch: url.searchParams.get("watch"),
        contentType: req.headers["content-type"],
        subresource: info.subresource,
      }),
      dry_run: url.search.includes("dryRun") ? dryRunLabel(url.searchParams) : "",
      group: info.apiGroup,
      version: info.apiVersion,
      resource: info.resource,
      subresource: info.subresource,
      scope,
      component: apiServerComponent,
    };
    rec.labels = labels;
    if (isLongRunning(info.verb, info.subresource)) rec.endLongRunning = metrics.startLongRunning(labels);
    if (recordsResponseSize(info.verb, legacyWatch, info.subresource)) rec.sizeFrom = req.socket.bytesWritten;
  }

  /** Records a request whose response has ended (a watch or stream: when it closed). */
  function endRequest(rec: RequestRecord, req: IncomingMessage, res: ServerResponse): void {
    rec.inflight?.release();
    rec.endLongRunning?.();
    if (!rec.labels) return;
    let size: number | undefined;
    if (rec.sizeFrom !== undefined) {
      const length = res.getHeader("content-length");
      // a chunked response (a watch, a streamed log) is measured on the connection, headers included
      if (length !== undefined) size = Number(length);
      else size = res.statusCode === 304 ? 0 : req.socket.bytesWritten - rec.sizeFrom;
    }
    metrics.observe(rec.labels, res.statusCode, (performance.now() - rec.started) / 1000, size);
  }

  /** GET (or any method but DELETE, as promhttp serves them) the exposition; DELETE resets the counters. */
  async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "DELETE") {
      metrics.reset();
      return writeText(res, 200, "metrics reset\n");
    }
    const body = await metrics.expose();
    if (res.headersSent || res.destroyed) return;
    res.writeHead(200, {
      "Content-Type": metrics.contentType,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-cache, private",
    });
    res.end(body);
  }

  function nonResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rec: RequestRecord,
  ): void | Promise<void> {
    const path = url.pathname;
    const method = req.method ?? "GET";
    if (path === "/metrics") return serveMetrics(req, res);
    if (path === "/version") {
      if (method !== "GET") return writeText(res, 405, "405: Method Not Allowed");
      return writeValue(res, 200, version, { format: "json", pretty: true });
    }
    const health = /^\/(healthz|livez|readyz)(\/.*)?$/.exec(path);
    if (health) {
      // the root of each health endpoint is instrumented upstream, its individual checks are not
      if (!health[2]) instrumentPath(rec, req, url, path, "");
      return serveHealth(res, url, health[1]);
    }
    if (path === "/openapi/v3") instrumentPath(rec, req, url, "openapi/v3", "");
    else if (path.startsWith("/openapi/v3/")) instrumentPath(rec, req, url, "openapi/v3/", "");
    if (path === "/openapi/v2" || path === "/openapi/v3" || path.startsWith("/openapi/v3/")) {
      const r = serveOpenApi(openApi(), {
        path,
        query: url.searchParams,
        accept: req.headers.accept,
        ifNoneMatch: req.headers["if-none-match"],
      });
      if (r) {
        res.writeHead(r.status, r.headers);
        res.end(r.body ? Buffer.from(r.body) : undefined);
        return;
      }
    }
    if (path === "/api" || path === "/api/") return discoveryRoot(req, res, url, rec, true);
    if (path === "/apis" || path === "/apis/") return discoveryRoot(req, res, url, rec, false);
    const m = /^\/(api|apis)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
    if (m) {
      const [, prefix, a, b] = m;
      if (prefix === "api" && !b) {
        const list = legacyResourceLists.get(`/${a}`);
        if (list) return sendJSON(req, res, 200, list);
      } else if (prefix === "apis" && b) {
        const list = legacyResourceLists.get(`${a}/${b}`);
        if (list) return sendJSON(req, res, 200, list);
      } else if (prefix === "apis" && !b) {
        const g = groups.find((x) => x.group === a && a !== "");
        if (g) return sendJSON(req, res, 200, JSON.stringify(apiGroupDoc(g, serverAddresses(req))));
      }
    }
    writeText(res, 404, "404 page not found\n");
  }

  function sendJSON(
    req: IncomingMessage,
    res: ServerResponse,
    code: number,
    body: string,
    contentType = "application/json",
  ): void {
    const pretty = (req.headers["user-agent"] ?? "").startsWith("curl");
    const text = pretty ? JSON.stringify(JSON.parse(body), null, 2) : body + "\n";
    res.writeHead(code, {
      "Content-Type": contentType,
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-cache, private",
    });
    res.end(text);
  }

  function discoveryRoot(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rec: RequestRecord,
    core: boolean,
  ): void {
    const agg = wantsAggregated(req.headers.accept);
    if (agg) {
      // upstream instruments its aggregated discovery handlers, not the legacy documents
      instrumentPath(rec, req, url, core ? "api" : "apis", apiServerComponent);
      const doc = aggregated.get(`${core ? "api" : "apis"}/${agg}`)!;
      const etag = `"${doc.etag}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { ETag: etag, Vary: "Accept" });
        res.end();
        return;
      }
      res.writeHead(200, {
        "Content-Type": aggregatedContentType(agg),
        ETag: etag,
        Vary: "Accept",
        "Content-Length": Buffer.byteLength(doc.body),
        "Cache-Control": "no-cache, private",
      });
      res.end(doc.body);
      return;
    }
    const addr = serverAddresses(req);
    sendJSON(req, res, 200, JSON.stringify(core ? apiVersions(addr) : apiGroupList(groups, addr)));
  }

  function serveHealth(res: ServerResponse, url: URL, which: string): void {
    const checks: [string, boolean][] = [
      ["ping", true],
      ["log", true],
      ["etcd", true],
    ];
    if (which === "readyz")
      checks.push(["informer-sync", ready], ["poststarthook/bootstrap-namespaces", ready]);
    const okAll = checks.every(([, ok]) => ok);
    if (url.searchParams.has("verbose")) {
      const lines = checks.map(([n, ok]) => (ok ? `[+]${n} ok` : `[-]${n} failed: reason withheld`));
      lines.push(okAll ? `${which} check passed` : `${which} check failed`);
      return writeText(res, okAll ? 200 : 500, lines.join("\n") + "\n");
    }
    if (okAll) return writeText(res, 200, "ok");
    const failed = checks.filter(([, ok]) => !ok).map(([n]) => `[-]${n} failed: reason withheld`);
    writeText(res, 500, `${failed.join("\n")}\n${which} check failed\n`);
  }

  async function resource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    info: RequestInfo,
    user: UserInfo,
    rec: RequestRecord,
  ): Promise<void> {
    const gvMap =
      info.apiPrefix === "api"
        ? info.apiGroup === ""
          ? byGV.get(`/${info.apiVersion}`)
          : undefined
        : byGV.get(`${info.apiGroup}/${info.apiVersion}`);
    if (!gvMap) return writeText(res, 404, "404 page not found\n");
    const ri = gvMap.get(info.resource);
    if (!ri) throw resourceNotFound();
    instrumentResource(rec, req, url, info);
    if (isCreateOnly(ri.rt) || isReviewResource(ri)) {
      if (info.verb !== "create" || info.name) throw methodNotAllowed();
      return serveReview(req, res, url, info, user, ri, services, authorizer, authenticate);
    }
    const registry = registries.get(ri)!;
    const s = new RequestScope(req, res, url, info, user, ri, registry, services);
    const verbs = ri.verbs;
    const rt = ri.rt;
    const sub = info.subresource;
    if (ri.group === "" && ri.plural === "nodes" && info.name && sub === "proxy")
      return nodeProxy(
        req,
        res,
        info.name,
        "/" + info.parts.slice(3).map(encodeURIComponent).join("/"),
        url.search,
        podProxy,
      );
    if (
      ri.group === "" &&
      (ri.plural === "pods" || ri.plural === "services") &&
      info.name &&
      sub === "proxy"
    ) {
      const pr = proxyRequestOf(info, url);
      if (!pr) throw resourceNotFound();
      return serveProxy(req, res, pr, resourceProxy);
    }
    if (info.name && info.parts.length > 3) throw resourceNotFound();
    // Routes as upstream installs them: namespaced kinds are written and named only under a namespace, and
    // cluster-scoped kinds never are.
    const isNamespaceObject = ri.group === "" && ri.plural === "namespaces";
    if (ri.namespaced && !info.namespace) {
      // a name in the path, not one a list's fieldSelector gave
      if (info.parts.length > 1) throw resourceNotFound();
      if (info.verb !== "list" && info.verb !== "watch") throw methodNotAllowed();
    }
    if (!ri.namespaced && info.namespace && !isNamespaceObject) throw resourceNotFound();
    const isPods = ri.group === "" && ri.plural === "pods";
    if (
      isPods &&
      info.verb === "create" &&
      info.name &&
      (sub === "binding" || sub === "eviction") &&
      info.parts.length === 3
    )
      return sub === "binding" ? bindPod(s) : evictPod(s);
    if (isPods && info.name && info.parts.length === 3 && sub === "log" && info.verb === "get")
      return podLog(req, res, s.namespace, s.name, url.searchParams, podProxy);
    if (isPods && info.name && info.parts.length === 3 && ["exec", "attach", "portforward"].includes(sub))
      throw badRequest("Upgrade request required");
    if (
      saTokens &&
      ri.group === "" &&
      ri.plural === "serviceaccounts" &&
      sub === "token" &&
      info.verb === "create" &&
      info.name &&
      info.parts.length === 3
    )
      return createToken(s, {
        tokens: saTokens,
        maxExpirationSeconds: opts.serviceAccountTokens?.maxExpirationSeconds,
      });
    // CertificateSigningRequests' /approval is written as /status is (src/api/certificates/v1/csr.ts)
    const isApproval =
      sub === "approval" && ri.group === "certificates.k8s.io" && ri.plural === "certificatesigningrequests";
    if (
      sub &&
      !isApproval &&
      !(sub === "status" && rt.status) &&
      !(sub === "scale" && rt.scale) &&
      !(sub === "finalize" && ri.plural === "namespaces" && ri.group === "")
    ) {
      const extra = rt.extraSubresources?.find((x) => x.name === sub);
      if (extra) throw methodNotSupported(ri.gr, `${info.verb} ${sub}`);
      throw resourceNotFound();
    }
    const need = (verb: string) => {
      if (!verbs.has(verb)) throw methodNotSupported(ri.gr, verb);
    };
    switch (info.verb) {
      case "get":
        if (sub === "scale") return getScale(s);
        if (sub === "finalize") throw methodNotAllowed();
        need("get");
        return getResource(s);
      case "list":
        need("list");
        return listResource(s, false);
      case "watch":
        need("watch");
        return listResource(s, true);
      case "create":
        if (info.name) throw methodNotAllowed();
        need("create");
        return createResource(s);
      case "update":
        if (sub === "scale") return updateScale(s);
        if (sub === "finalize") return finalizeNamespace(s);
        need("update");
        return updateResource(s);
      case "patch":
        if (sub === "scale") return patchScale(s);
        if (sub === "finalize") throw methodNotAllowed();
        need("patch");
        return patchResource(s);
      case "delete":
        if (sub) throw methodNotAllowed();
        need("delete");
        return deleteResource(s);
      case "deletecollection":
        need("deletecollection");
        return deleteCollection(s);
      default:
        throw methodNotAllowed();
    }
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    rec: RequestRecord,
    audit?: AuditContext,
  ): Promise<void> {
    let url: URL;
    let path: string;
    try {
      url = new URL(req.url ?? "/", "http://apiserver");
      path = decodeURIComponent(url.pathname);
    } catch {
      return writeText(res, 400, "400 Bad Request");
    }
    const info = requestInfo(req.method ?? "GET", path, url.searchParams);
    // Counted in flight from here, as upstream's limit filter sits after authentication and impersonation
    // (anonymous health checks are system:anonymous there); watches and streams are not counted.
    const admit = () => {
      if (!isLongRunning(info.verb, info.isResourceRequest ? info.subresource : ""))
        rec.inflight = metrics.admit(isReadOnly(info.verb) ? "readOnly" : "mutating");
    };
    const authenticated = authenticate(req);
    if (!authenticated) {
      if (isPublic(path) && (req.method === "GET" || req.method === "HEAD")) {
        admit();
        return nonResource(req, res, url, rec);
      }
      res.setHeader("WWW-Authenticate", 'Basic realm="kubernetes-master"');
      const err = unauthorized();
      audit?.finish(err.status);
      return writeStatusError(res, err);
    }
    audit?.setUser(authenticated, authenticated);
    const user = (await impersonatedUser(req, authenticated, authorize)) ?? authenticated;
    audit?.setUser(authenticated, user);
    admit();
    const attrs: AuthorizationAttributes = {
      user,
      verb: info.isResourceRequest ? info.verb : (req.method ?? "GET").toLowerCase(),
      resourceRequest: info.isResourceRequest,
      path,
      namespace: info.namespace,
      apiGroup: info.apiGroup,
      apiVersion: info.apiVersion,
      resource: info.resource,
      subresource: info.subresource,
      name: info.name,
      fieldSelector: fieldSelectorRequirements(info.fieldSelector),
    };
    if (audit) {
      audit.setAttributes(attrs, info.apiVersion);
      const d = await authorizer.authorize(attrs);
      audit.setDecision(d.decision === "Allow", d.reason);
      if (d.decision !== "Allow") throw forbiddenError(attrs, d.reason);
    } else await authorize(attrs);
    if (!info.isResourceRequest) return nonResource(req, res, url, rec);
    if (!ready)
      throw serviceUnavailable(
        "the request has been made before all known HTTP paths have been installed, please try again",
      );
    return resource(req, res, url, info, user, rec);
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const audit = opts.auditor?.begin(req, res);
    const rec: RequestRecord = { started };
    const settle = () => {
      if (res.writableEnded || res.destroyed) endRequest(rec, req, res);
      else res.once("close", () => endRequest(rec, req, res));
    };
    handle(req, res, rec, audit).then(
      () => {
        audit?.finish();
        logRequest(req, res, started);
        settle();
      },
      (e: unknown) => {
        const err = toStatusError(e);
        audit?.finish(err.status);
        // A client that went away mid-request is not a server failure.
        if (!(e instanceof StatusError) && !req.destroyed && !res.destroyed)
          log.error(
            { method: req.method, url: req.url, err: e instanceof Error ? e.stack : String(e) },
            "request failed",
          );
        if (res.headersSent) {
          if (!res.writableEnded) res.end();
        } else writeStatusError(res, err);
        logRequest(req, res, started);
        settle();
      },
    );
  };

  function logRequest(req: IncomingMessage, res: ServerResponse, started: number): void {
    log.debug(
      { method: req.method, url: req.url, code: res.statusCode, ms: Math.round(performance.now() - started) },
      "request",
    );
  }

  /** pods/exec, pods/attach, pods/portforward: authorized as upstream, then proxied to the kubelet;
   * pods/proxy and services/proxy (a WebSocket to a pod) to their backend. */
  async function handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    rec: RequestRecord,
  ): Promise<void> {
    const url = new URL(req.url ?? "/", "http://apiserver");
    // a streaming request names its pod: no list options to read
    const info = requestInfo(req.method ?? "GET", decodeURIComponent(url.pathname));
    const authenticated = authenticate(req);
    if (!authenticated) throw unauthorized();
    const sub = info.subresource;
    const proxied = proxyRequestOf(info, url);
    const streaming =
      info.isResourceRequest &&
      info.apiPrefix === "api" &&
      info.apiVersion === "v1" &&
      info.resource === "pods" &&
      info.name &&
      info.parts.length === 3 &&
      isStreamSubresource(sub);
    if (!proxied && !streaming) throw resourceNotFound();
    const user = (await impersonatedUser(req, authenticated, authorize)) ?? authenticated;
    const attrs: AuthorizationAttributes = {
      user,
      verb: info.verb,
      resourceRequest: true,
      path: info.path,
      namespace: info.namespace,
      apiGroup: "",
      apiVersion: "v1",
      resource: info.resource,
      subresource: sub,
      name: info.name,
    };
    // A WebSocket upgrade to exec, attach or portforward is a GET, but it creates a session: it also needs
    // create (upstream's AuthorizePodWebsocketUpgradeCreatePermission, on by default since 1.30). A proxy's
    // upgrade is authorized by its method alone.
    if (!proxied && info.verb === "get") await authorize({ ...attrs, verb: "create" });
    await authorize(attrs);
    if (!ready)
      throw serviceUnavailable(
        "the request has been made before all known HTTP paths have been installed, please try again",
      );
    instrumentResource(rec, req, url, info);
    if (proxied) return serveProxyUpgrade(req, socket, head, proxied, resourceProxy);
    if (!isStreamSubresource(sub)) throw resourceNotFound();
    await podStreamUpgrade(
      req,
      socket,
      head,
      { namespace: info.namespace, name: info.name, subresource: sub, query: url.searchParams },
      podProxy,
    );
  }

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    const rec: RequestRecord = { started: performance.now() };
    // recorded when the stream ends, with the kubelet's switch of protocols or the error's code
    const end = (code: number) => {
      rec.endLongRunning?.();
      if (rec.labels) metrics.observe(rec.labels, code, (performance.now() - rec.started) / 1000);
    };
    handleUpgrade(req, socket, head, rec).then(
      () => end(101),
      (e: unknown) => {
        if (!(e instanceof StatusError))
          log.error(
            { url: req.url, err: e instanceof Error ? e.stack : String(e) },
            "upgrade request failed",
          );
        const err = toStatusError(e);
        if (socket.writable) writeUpgradeError(socket, err);
        end(err.code);
      },
    );
  };

  async function start(signal: AbortSignal): Promise<void> {
    try {
      await run(signal);
    } catch (e) {
      rejectReady(e);
      throw e;
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    const onAbort = () => {
      stopping.abort();
      cache.stop();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    await cache.start(stopping.signal);
    if (nsInfo) {
      const reg = registries.get(nsInfo)!;
      await bootstrapNamespaces(reg, log);
    }
    const priorityClasses = registryOf("scheduling.k8s.io", "priorityclasses");
    if (priorityClasses && opts.admissionPlugins?.includes("Priority"))
      await bootstrapSystemPriorityClasses(priorityClasses);
    if (rbac)
      await reconcileBootstrapPolicy(
        {
          clusterRoles: registries.get(rbacInfos.clusterRoles)!,
          clusterRoleBindings: registries.get(rbacInfos.clusterRoleBindings)!,
          roles: registries.get(rbacInfos.roles),
          roleBindings: registries.get(rbacInfos.roleBindings),
        },
        log,
      );
    try {
      await bootstrapKubernetesService(
        {
          service: svcInfo && registries.get(svcInfo),
          endpoints: registryOf("", "endpoints"),
          endpointSlices: registryOf("discovery.k8s.io", "endpointslices"),
        },
        allocator.ranges.clusterIPRange,
        opts.advertise,
        log,
      );
    } catch (e) {
      log.warn(
        { err: e instanceof Error ? e.message : String(e) },
        "could not create the kubernetes service",
      );
    }
    ready = true;
    resolveReady();
    log.info({ resources: infos.length, revision: cache.revision }, "api server ready");
    await new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      stopping.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    ready = false;
  }

  return {
    handler,
    upgrade,
    start,
    whenReady: () => readyPromise,
    get ready() {
      return ready;
    },
  };
}

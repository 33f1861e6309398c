// The ingress controller: watches Ingresses of its class, IngressClasses, Services, EndpointSlices and
// Secrets; keeps a routing table and a certificate store rebuilt on every change; serves HTTP and HTTPS
// (SNI) on the node; fills in each Ingress's status.loadBalancer.ingress with the node addresses; reports an
// Ingress pointing at a missing Service or Secret as a Warning event (once per problem) and in the log.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { RestClient } from "../client/rest/client.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { EventRecorder } from "../client/record/recorder.js";
import type { Logger } from "../client/log.js";
import type { Informer } from "../client/informer/informer.js";
import type { DeepReadonly } from "../client/informer/cache.js";
import { clientFor } from "../client/index.js";
import { isAlreadyExists } from "../client/rest/errors.js";
import { ingresses as ingressResource } from "../api/networking/v1/ingress.js";
import { ingressClasses as ingressClassResource } from "../api/networking/v1/ingressclass.js";
import type { Ingress, IngressClass } from "../api/networking/v1/types.js";
import { services as serviceResource, type Service } from "../api/core/v1/service.js";
import { secrets as secretResource, type Secret } from "../api/core/v1/secret.js";
import { endpointSlices as sliceResource } from "../api/discovery/v1/endpointslice.js";
import type { EndpointSlice } from "../api/discovery/v1/types.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import { RoutingTable, type RIngress } from "./routes.js";
import { defaultIngressClass, ingressClassName, isOurs, type RIngressClass } from "./class.js";
import { RoundRobin, resolveUpstreams, serviceNameLabel, type RSlice } from "./backends.js";
import { CertStore } from "./certs.js";
import { IngressProxy, type Target } from "./proxy.js";

/** What the controller needs from its host process: the controller manager's context. */
export interface IngressControllerContext {
  client: RestClient;
  informers: SharedInformerFactory;
  recorder(component: string): EventRecorder;
  log: Logger;
}

export interface IngressControllerOptions {
  /** Address the HTTP and HTTPS servers listen on ("0.0.0.0" on a node; "127.0.0.1" in tests). */
  httpAddress: string;
  /** 80 on a node; 0 picks a free port (see ports()). */
  httpPort: number;
  httpsPort: number;
  /** The node addresses written to each Ingress's status.loadBalancer.ingress. */
  addresses?: string[];
  /** Create the `k8ts` IngressClass as the default class when it is missing (default true). */
  ensureClass?: boolean;
}

export interface IngressController {
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
  /** The bound ports, once listening. */
  ports(): Promise<{ http: number; https: number }>;
}

type Obj<T> = T & KubeObject;
const sliceIndex = "service";

export function createIngressController(
  ctx: IngressControllerContext,
  o: IngressControllerOptions,
): IngressController {
  return new Controller(ctx, o);
}

class Controller implements IngressController {
  readonly name = "ingress-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly ings: Informer<Obj<Ingress>>;
  private readonly classes: Informer<Obj<IngressClass>>;
  private readonly svcs: Informer<Obj<Service>>;
  private readonly slices: Informer<Obj<EndpointSlice>>;
  private readonly secrets: Informer<Obj<Secret>>;
  private table = new RoutingTable([]);
  private certs = new CertStore([], () => undefined);
  private readonly rr = new RoundRobin();
  private readonly proxy: IngressProxy;
  private rebuildQueued = false;
  /** Problems already reported, so each is an event once (and again after it was fixed and came back). */
  private reported = new Set<string>();
  private statusInFlight = new Set<string>();
  private listening!: Promise<{ http: number; https: number }>;
  private resolveListening!: (p: { http: number; https: number }) => void;

  constructor(
    private readonly ctx: IngressControllerContext,
    private readonly o: IngressControllerOptions,
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("k8ts-ingress-controller");
    this.ings = ctx.informers.informerFor(ingressResource);
    this.classes = ctx.informers.informerFor(ingressClassResource);
    this.svcs = ctx.informers.informerFor(serviceResource);
    this.slices = ctx.informers.informerFor<Obj<EndpointSlice>>(sliceResource, {
      [sliceIndex]: (s) => {
        const svc = s.metadata.labels?.[serviceNameLabel];
        return svc ? [`${s.metadata.namespace}/${svc}`] : [];
      },
    });
    this.secrets = ctx.informers.informerFor(secretResource);
    const changed = () => this.queueRebuild();
    // Endpoint changes need no rebuild: the data path reads the slices at request time.
    for (const inf of [this.ings, this.classes, this.svcs, this.secrets] as Informer<any>[])
      inf.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
    this.ings.addEventHandler({
      onAdd: (i) => {
        if (isOurs(i, this.classes.lister.list()))
          this.recorder.event(i, "Normal", "Sync", "Scheduled for sync");
      },
    });
    this.proxy = new IngressProxy({
      route: (host, path) => this.route(host, path),
      onError: (e, u) =>
        this.log.debug({ upstream: `${u.host}:${u.port}`, err: e.message }, "upstream error"),
    });
    this.listening = new Promise((r) => (this.resolveListening = r));
  }

  ports(): Promise<{ http: number; https: number }> {
    return this.listening;
  }

  private synced(): boolean {
    return [this.ings, this.classes, this.svcs, this.slices, this.secrets].every((i) => i.hasSynced());
  }

  private queueRebuild(): void {
    if (this.rebuildQueued || !this.synced()) return;
    this.rebuildQueued = true;
    setImmediate(() => {
      this.rebuildQueued = false;
      this.rebuild();
    });
  }

  /** The Ingresses this controller serves. */
  private ours(): RIngress[] {
    const classes = this.classes.lister.list() as RIngressClass[];
    return (this.ings.lister.list() as RIngress[]).filter((i) => isOurs(i, classes));
  }

  private rebuild(): void {
    const ours = this.ours();
    this.table = new RoutingTable(ours);
    this.certs = new CertStore(ours, (ns, name) => this.secrets.lister.get(ns, name));
    const problems = new Map<string, { ing: RIngress; reason: string; message: string }>();
    for (const p of this.certs.problems)
      problems.set(`${key(p.ingress)}|${p.reason}|${p.message}`, { ing: p.ingress, ...p });
    for (const ing of ours) {
      for (const b of backendsOf(ing)) {
        const ns = ing.metadata.namespace ?? "default";
        const svc = this.svcs.lister.get(ns, b.name);
        let reason = "";
        let message = "";
        if (!svc) {
          reason = "ServiceNotFound";
          message = `service "${ns}/${b.name}" not found`;
        } else if (
          !(svc.spec?.ports ?? []).some((p) =>
            typeof b.port === "number" ? p.port === b.port : p.name === b.port,
          )
        ) {
          reason = "ServicePortNotFound";
          message = `service "${ns}/${b.name}" does not have port ${b.port}`;
        }
        if (reason) problems.set(`${key(ing)}|${reason}|${message}`, { ing, reason, message });
      }
    }
    for (const [k, p] of problems) {
      if (this.reported.has(k)) continue;
      this.log.warn({ ingress: key(p.ing), reason: p.reason }, p.message);
      this.recorder.event(p.ing, "Warning", p.reason, p.message);
    }
    this.reported = new Set(problems.keys());
    for (const ing of ours) void this.updateStatus(ing);
  }

  private async updateStatus(ing: RIngress): Promise<void> {
    const want = (this.o.addresses ?? []).map((ip) => ({ ip }));
    const have = ing.status?.loadBalancer?.ingress ?? [];
    if (JSON.stringify(have) === JSON.stringify(want)) return;
    const k = key(ing);
    if (this.statusInFlight.has(k)) return;
    this.statusInFlight.add(k);
    try {
      await clientFor(this.ctx.client, ingressResource).patch(
        ing.metadata.namespace ?? "default",
        ing.metadata.name ?? "",
        "merge",
        { status: { loadBalancer: { ingress: want } } },
        { subresource: "status" },
      );
    } catch (e) {
      this.log.warn({ ingress: k, err: String(e) }, "could not update ingress status");
    } finally {
      this.statusInFlight.delete(k);
    }
  }

  private route(host: string, path: string): Target {
    const m = this.table.match(host, path);
    if (!m) return { kind: "none" };
    const b = m.backend;
    const svc = this.svcs.lister.get(b.namespace, b.service);
    const slices = this.slices.lister.byIndex(sliceIndex, `${b.namespace}/${b.service}`) as RSlice[];
    const r = resolveUpstreams(svc, slices, b.port);
    if (r.kind !== "ok") return { kind: "unavailable", match: m };
    return {
      kind: "upstreams",
      match: m,
      upstreams: this.rr.order(`${b.namespace}/${b.service}:${b.port}`, r.upstreams),
    };
  }

  private async ensureClass(): Promise<void> {
    try {
      await clientFor(this.ctx.client, ingressClassResource).create("", defaultIngressClass());
      this.log.info({ class: ingressClassName }, "created the default IngressClass");
    } catch (e) {
      if (!isAlreadyExists(e)) this.log.warn({ err: String(e) }, "could not create the IngressClass");
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const http = createHttpServer({ keepAliveTimeout: 75_000 }, (req, res) =>
      this.proxy.handleRequest(req, res, false),
    );
    const https = createHttpsServer(
      {
        keepAliveTimeout: 75_000,
        SNICallback: (name, cb) => {
          const c = this.certs.lookup(name);
          if (c) cb(null, c);
          else cb(new Error(`no certificate for ${name}`));
        },
      },
      (req: IncomingMessage, res: ServerResponse) => this.proxy.handleRequest(req, res, true),
    );
    http.on("upgrade", (req: IncomingMessage, s: Duplex, head: Buffer) =>
      this.proxy.handleUpgrade(req, s, head, false),
    );
    https.on("upgrade", (req: IncomingMessage, s: Duplex, head: Buffer) =>
      this.proxy.handleUpgrade(req, s, head, true),
    );
    for (const s of [http, https]) s.on("clientError", (_e, sock: Duplex) => sock.destroy());
    await Promise.all([
      listen(http, this.o.httpAddress, this.o.httpPort),
      listen(https, this.o.httpAddress, this.o.httpsPort),
    ]);
    this.resolveListening({
      http: (http.address() as AddressInfo).port,
      https: (https.address() as AddressInfo).port,
    });
    this.log.info({ http: http.address(), https: https.address() }, "ingress controller listening");
    if (this.o.ensureClass !== false) await this.ensureClass();
    const aborted = new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    await Promise.race([
      Promise.all(
        [this.ings, this.classes, this.svcs, this.slices, this.secrets].map((i) => i.waitForSync()),
      ),
      aborted,
    ]);
    if (!signal.aborted) this.queueRebuild();
    if (!signal.aborted) await aborted;
    this.proxy.close();
    await Promise.all([close(http), close(https)]);
  }
}

function listen(s: Server | HttpsServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, host, () => {
      s.off("error", reject);
      resolve();
    });
  });
}

function close(s: Server | HttpsServer): Promise<void> {
  return new Promise((r) => {
    s.close(() => r());
    s.closeAllConnections();
  });
}

const key = (i: RIngress) => `${i.metadata.namespace}/${i.metadata.name}`;

function backendsOf(ing: RIngress): { name: string; port: number | string }[] {
  const out: { name: string; port: number | string }[] = [];
  const add = (b: DeepReadonly<NonNullable<NonNullable<Ingress["spec"]>["defaultBackend"]>> | undefined) => {
    const s = b?.service;
    const port = s?.port?.number ?? s?.port?.name;
    if (s?.name && port !== undefined) out.push({ name: s.name, port });
  };
  add(ing.spec?.defaultBackend);
  for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) add(p.backend);
  return out;
}

// What every resource handler works with: the request, its parsed parts, the user, the resource and its
// registry, and the server-wide services (upstream's RequestScope).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestInfo } from "../request/info.js";
import type { UserInfo } from "../authn/user.js";
import type { ResourceInfo } from "../registry/resource.js";
import type { GenericRegistry } from "../registry/generic.js";
import type { WatchCache } from "../watchcache/cache.js";
import type { OutputMediaType } from "../request/negotiate.js";
import type { Node } from "../decode/typed.js";
import type { Logger } from "../logger.js";

export interface ServerServices {
  cache: WatchCache;
  log: Logger;
  /** Whether (group, version) serves `kind` (for decoding errors). */
  isRegistered: (group: string, version: string, kind: string) => boolean;
  /** Decodes a protobuf body into the JSON form of its object. */
  decodeProtobuf: (
    body: Buffer,
  ) => { ok: true; object: Record<string, unknown> } | { ok: false; message: string };
  /** Compiled schemas of the kinds subresources exchange (Binding, Eviction). */
  nodeFor: (kind: string) => Node | undefined;
  /** Another resource's registry, for handlers that span resources (eviction reads PodDisruptionBudgets). */
  registryFor: (group: string, plural: string) => GenericRegistry | undefined;
  /** The compiled autoscaling/v1 Scale schema, when the Scale type is known. */
  scaleNode?: Node;
  /** The Scale TypeBox schema (for managed fields on /scale). */
  scaleSchema?: unknown;
  validateScale?: (scale: any) => import("../../api/validation/field.js").FieldError[];
  /** Interval of BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number;
  /** Watches without timeoutSeconds end after this (times 1..2, as upstream's --min-request-timeout). */
  minRequestTimeoutMs: number;
  /** Bytes a slow watcher may have queued before it is terminated. */
  maxWatchBuffer: number;
  /** Aborted when the server stops. */
  stopping: AbortSignal;
}

export class RequestScope {
  readonly warnings: string[] = [];
  out?: OutputMediaType;
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly info: RequestInfo,
    readonly user: UserInfo,
    readonly resource: ResourceInfo,
    readonly registry: GenericRegistry,
    readonly services: ServerServices,
  ) {}

  get query(): URLSearchParams {
    return this.url.searchParams;
  }
  get namespace(): string {
    // A namespace object's own name travels as the request namespace upstream; it is not its namespace.
    return this.resource.namespaced ? this.info.namespace : "";
  }
  get name(): string {
    return this.info.name;
  }
  get subresource(): string {
    return this.info.subresource;
  }
}

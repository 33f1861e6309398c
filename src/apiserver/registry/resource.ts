// Everything the server derives once from a ResourceType: storage keys, the compiled schema, field labels,
// and the upstream strategy facts the registry does not declare (graceful deletion, create-on-update...).
import { defaultVerbs, groupVersion, type ResourceType } from "../../api/registry.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { Fields } from "../../api/fields/selector.js";
import type { GroupResource } from "../errors.js";
import type { Node, SchemaCompiler } from "../decode/typed.js";

export interface ResourceInfo {
  rt: ResourceType;
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  namespaced: boolean;
  /** "apps/v1" or "v1". */
  apiVersion: string;
  gr: GroupResource;
  gk: { group: string; kind: string };
  /** "/registry/apps/v1/deployments/" — every object of this resource has a key under it. */
  prefix: string;
  node: Node;
  verbs: Set<string>;
  /** Field labels a field selector may use. */
  fieldLabels: Set<string>;
  strategy: Strategy;
  /** Top-level fields in schema (Go struct) order, for serializing in upstream's order. */
  fieldOrder: string[];
  /**
   * Set when this version is stored as another (its storage version): objects are converted on the way in
   * and out, and both versions share keys, cache and watches (autoscaling/v1 and v2 HPAs).
   */
  storage?: StorageVersion;
}

export interface StorageVersion {
  info: ResourceInfo;
  toStorage: (obj: KubeObject) => KubeObject;
  fromStorage: (obj: KubeObject) => KubeObject;
}

/** Behaviour upstream's per-resource strategies and stores define beyond what ResourceType declares. */
export interface Strategy {
  /** PUT may create a missing object (strategy.AllowCreateOnUpdate). */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion overwrites (strategy.AllowUnconditionalUpdate). */
  allowUnconditionalUpdate: boolean;
  /** DELETE answers with the object instead of a Status (Store.ReturnDeletedObject). */
  returnDeletedObject: boolean;
  /** CheckGracefulDelete: the grace period to use, or 0 for an immediate delete; undefined = not graceful. */
  gracePeriod?: (obj: KubeObject, requested: number | undefined) => number;
  /** Whether the garbage collector's orphan/foreground finalizers apply (DefaultGarbageCollectionPolicy != Unsupported). */
  garbageCollection: boolean;
  /** The policy when DeleteOptions name none: "orphan" for a few legacy kinds, else background. */
  defaultOrphan: boolean;
  /** An extra condition before an update of a deleting object deletes it (namespaces: spec.finalizers empty). */
  deleteDuringUpdate?: (obj: KubeObject) => boolean;
}

const createOnUpdate = new Set([
  "/services",
  "/endpoints",
  "/events",
  "/limitranges",
  "/serviceaccounts",
  "events.k8s.io/events",
  "coordination.k8s.io/leases",
  "rbac.authorization.k8s.io/roles",
  "rbac.authorization.k8s.io/clusterroles",
  "rbac.authorization.k8s.io/rolebindings",
  "rbac.authorization.k8s.io/clusterrolebindings",
  "node.k8s.io/runtimeclasses",
]);
const returnsDeleted = new Set(["/pods", "/services"]);
/** Upstream keeps OrphanDependents as the default policy for these (apps/v1 and batch/v1 changed it to background). */
const orphanByDefault = new Set(["/replicationcontrollers"]);

/** Pods: the pod strategy's CheckGracefulDelete. */
function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const status = (pod.status ?? {}) as { phase?: string };
  let period = requested ?? spec.terminationGracePeriodSeconds ?? 30;
  // An unscheduled pod or one that finished has no kubelet to wait for.
  if (!spec.nodeName) period = 0;
  if (status.phase === "Failed" || status.phase === "Succeeded") period = 0;
  return period;
}

export function strategyFor(rt: ResourceType): Strategy {
  const id = `${rt.group}/${rt.plural}`;
  return {
    allowCreateOnUpdate: createOnUpdate.has(id),
    allowUnconditionalUpdate: true,
    returnDeletedObject: returnsDeleted.has(id),
    gracePeriod: id === "/pods" ? podGracePeriod : undefined,
    garbageCollection: true,
    defaultOrphan: orphanByDefault.has(id),
    deleteDuringUpdate:
      id === "/namespaces"
        ? (ns) => !(ns.spec as { finalizers?: string[] } | undefined)?.finalizers?.length
        : undefined,
  };
}

export function keyPrefix(rt: Pick<ResourceType, "group" | "version" | "plural">): string {
  return `/registry/${rt.group || "core"}/${rt.version}/${rt.plural}/`;
}

export function resourceInfo(rt: ResourceType, compiler: SchemaCompiler): ResourceInfo {
  compiler.register(rt.schema);
  const node = compiler.compile(rt.schema);
  if (node.k === "struct") {
    // apiVersion and kind are always accepted, whether or not a schema lists them.
    if (!node.props.has("apiVersion")) node.props.set("apiVersion", { k: "string", goType: "string" });
    if (!node.props.has("kind")) node.props.set("kind", { k: "string", goType: "string" });
  }
  const fieldLabels = new Set([
    "metadata.name",
    "metadata.namespace",
    ...Object.keys(rt.fieldSelectors ?? {}),
  ]);
  return {
    rt,
    group: rt.group,
    version: rt.version,
    kind: rt.kind,
    listKind: rt.listKind ?? `${rt.kind}List`,
    plural: rt.plural,
    namespaced: rt.namespaced,
    apiVersion: groupVersion(rt),
    gr: { group: rt.group, resource: rt.plural },
    gk: { group: rt.group, kind: rt.kind },
    prefix: keyPrefix(rt),
    node,
    verbs: new Set(rt.verbs ?? defaultVerbs),
    fieldLabels,
    strategy: strategyFor(rt),
    fieldOrder: Object.keys((rt.schema as { properties?: object }).properties ?? {}),
  };
}

export function objectKey(info: ResourceInfo, namespace: string, name: string): string {
  return info.namespaced ? `${info.prefix}${namespace}/${name}` : `${info.prefix}${name}`;
}

/** Where a list of this resource (in one namespace, or all) starts. */
export function listPrefix(info: ResourceInfo, namespace: string): string {
  return info.namespaced && namespace ? `${info.prefix}${namespace}/` : info.prefix;
}

/** The object's selectable fields (upstream's GetAttrs / *ToSelectableFields). */
export function objectFields(info: ResourceInfo, obj: KubeObject): Fields {
  const f: Fields = { "metadata.name": obj.metadata?.name ?? "" };
  if (info.namespaced) f["metadata.namespace"] = obj.metadata?.namespace ?? "";
  const extra = info.rt.fieldSelectors;
  if (extra) {
    for (const [label, fn] of Object.entries(extra)) {
      try {
        f[label] = fn(obj);
      } catch {
        f[label] = undefined;
      }
    }
  }
  return f;
}

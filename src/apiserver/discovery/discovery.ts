// Discovery documents: the legacy APIVersions / APIGroupList / APIGroup / APIResourceList, and aggregated
// discovery (apidiscovery.k8s.io v2 and v2beta1 APIGroupDiscoveryList), all built once from the
// ResourceTypes, in upstream's order and shape.
import { createHash } from "node:crypto";
import { defaultVerbs, groupVersion, type ResourceType } from "../../api/registry.js";

export interface GroupVersions {
  group: string;
  /** Preferred first. */
  versions: string[];
}

/** Groups (core first as "") and their versions, in the order the resources list them. */
export function groupsOf(resources: ResourceType[]): GroupVersions[] {
  const out: GroupVersions[] = [];
  for (const r of resources) {
    let g = out.find((x) => x.group === r.group);
    if (!g) out.push((g = { group: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}

/** upstream discovery.StorageVersionHash. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash("sha256")
    .update(`${group}/${version}/${kind}`)
    .digest()
    .subarray(0, 8)
    .toString("base64");
}

const statusVerbs = ["get", "patch", "update"];

/** True for kinds that are only POSTed and never stored (access reviews, token reviews). */
export const isCreateOnly = (r: ResourceType) =>
  (r.verbs ?? defaultVerbs).length === 1 && (r.verbs ?? defaultVerbs)[0] === "create";

interface LegacyResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export function apiResourceList(resources: ResourceType[], group: string, version: string): unknown {
  const list: LegacyResource[] = [];
  for (const r of resources) {
    if (r.group !== group || r.version !== version) continue;
    const main: LegacyResource = {
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...(r.verbs ?? defaultVerbs)].sort(),
    };
    if (r.shortNames?.length) main.shortNames = r.shortNames;
    if (r.categories?.length) main.categories = r.categories;
    if (!isCreateOnly(r)) main.storageVersionHash = storageVersionHash(r.group, r.version, r.kind);
    list.push(main);
    const subs: LegacyResource[] = [];
    if (r.status)
      subs.push({
        name: `${r.plural}/status`,
        singularName: "",
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: statusVerbs,
      });
    if (r.scale)
      subs.push({
        name: `${r.plural}/scale`,
        singularName: "",
        namespaced: r.namespaced,
        group: "autoscaling",
        version: "v1",
        kind: "Scale",
        verbs: statusVerbs,
      });
    for (const x of r.extraSubresources ?? []) {
      const e: LegacyResource = {
        name: `${r.plural}/${x.name}`,
        singularName: "",
        namespaced: r.namespaced,
        kind: x.kind,
        verbs: x.verbs,
      };
      if (x.group !== undefined) e.group = x.group;
      if (x.version !== undefined) e.version = x.version;
      subs.push(e);
    }
    list.push(...subs.sort((a, b) => (a.name < b.name ? -1 : 1)));
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: list,
  };
}

export interface ServerAddress {
  clientCIDR: string;
  serverAddress: string;
}

export function apiVersions(addr: ServerAddress[]): unknown {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: addr };
}

function apiGroup(g: GroupVersions, withTypeMeta: boolean, addr?: ServerAddress[]): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  const out: Record<string, unknown> = withTypeMeta ? { kind: "APIGroup", apiVersion: "v1" } : {};
  out.name = g.group;
  out.versions = versions;
  out.preferredVersion = versions[0];
  if (addr) out.serverAddressByClientCIDRs = addr;
  return out;
}

export function apiGroupList(groups: GroupVersions[], addr: ServerAddress[]): unknown {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: groups.filter((g) => g.group !== "").map((g) => apiGroup(g, false, addr)),
  };
}

export function apiGroupDoc(g: GroupVersions, addr: ServerAddress[]): unknown {
  return apiGroup(g, true, addr);
}

// ---- aggregated discovery ----

interface DiscoveryResource {
  resource: string;
  responseKind: { group: string; version: string; kind: string };
  scope: "Namespaced" | "Cluster";
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: {
    subresource: string;
    responseKind: { group: string; version: string; kind: string };
    verbs: string[];
  }[];
}

function discoveryResources(resources: ResourceType[], group: string, version: string): DiscoveryResource[] {
  const out: DiscoveryResource[] = [];
  for (const r of resources) {
    if (r.group !== group || r.version !== version) continue;
    const d: DiscoveryResource = {
      resource: r.plural,
      responseKind: { group: r.group, version: r.version, kind: r.kind },
      scope: r.namespaced ? "Namespaced" : "Cluster",
      singularResource: r.singular,
      verbs: [...(r.verbs ?? defaultVerbs)].sort(),
    };
    if (r.shortNames?.length) d.shortNames = r.shortNames;
    if (r.categories?.length) d.categories = r.categories;
    const subs: NonNullable<DiscoveryResource["subresources"]> = [];
    if (r.status)
      subs.push({
        subresource: "status",
        responseKind: { group: r.group, version: r.version, kind: r.kind },
        verbs: statusVerbs,
      });
    if (r.scale)
      subs.push({
        subresource: "scale",
        responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
        verbs: statusVerbs,
      });
    for (const x of r.extraSubresources ?? [])
      subs.push({
        subresource: x.name,
        responseKind: { group: x.group ?? r.group, version: x.version ?? r.version, kind: x.kind },
        verbs: x.verbs,
      });
    if (subs.length) d.subresources = subs.sort((a, b) => (a.subresource < b.subresource ? -1 : 1));
    out.push(d);
  }
  return out.sort((a, b) => (a.resource < b.resource ? -1 : 1));
}

/** The aggregated list for /api (core) or /apis (every group). */
export function aggregatedList(
  resources: ResourceType[],
  groups: GroupVersions[],
  core: boolean,
  apiVersion: "v2" | "v2beta1",
): unknown {
  const items = groups
    .filter((g) => (g.group === "") === core)
    .map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: discoveryResources(resources, g.group, v),
        freshness: "Current",
      })),
    }));
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items,
  };
}

export const aggregatedContentType = (v: "v2" | "v2beta1") =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

/** Which aggregated version an Accept header asks for, if any (in the client's order of preference). */
export function wantsAggregated(accept: string | undefined): "v2" | "v2beta1" | undefined {
  if (!accept) return undefined;
  for (const clause of accept.split(",")) {
    const [type, ...params] = clause.split(";").map((p) => p.trim());
    if (type !== "application/json" && type !== "*/*" && type !== "application/*") continue;
    const p: Record<string, string> = {};
    for (const x of params) {
      const i = x.indexOf("=");
      if (i > 0) p[x.slice(0, i).trim()] = x.slice(i + 1).trim();
    }
    if (
      p.g === "apidiscovery.k8s.io" &&
      p.as === "APIGroupDiscoveryList" &&
      (p.v === "v2" || p.v === "v2beta1")
    )
      return p.v;
    if (!p.g && !p.as && !p.v) return undefined; // plain JSON preferred before any aggregated form
  }
  return undefined;
}

export { groupVersion };

// How the garbage collector reaches any object by its coordinates: the apiVersion/kind of an
// ownerReference mapped to a served resource (the REST mapper), then get, delete and patch through the
// REST client.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceType } from "../../api/registry.js";
import type { RestClient, PatchType } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import type { ObjectIdentity } from "./identity.js";

/** A reference to a kind no served resource has (restMappingError): retried, as discovery may catch up. */
export class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}`);
    this.name = "RestMappingError";
  }
}

export interface ObjectAccess {
  /** Whether the kind is namespaced; throws RestMappingError for an unknown kind. */
  isNamespaced(apiVersion: string, kind: string): boolean;
  get(id: ObjectIdentity): Promise<KubeObject>;
  delete(id: ObjectIdentity, propagationPolicy: string): Promise<void>;
  patch(id: ObjectIdentity, type: PatchType, patch: unknown): Promise<KubeObject>;
}

const splitAPIVersion = (apiVersion: string): [string, string] => {
  const i = apiVersion.indexOf("/");
  return i < 0 ? ["", apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
};

/** The REST mapper over the served resources: exact group/version/kind first, then the kind in any version. */
export class ResourceMapper {
  constructor(private readonly resources: readonly ResourceType[]) {}
  resourceFor(apiVersion: string, kind: string): ResourceType {
    const [group, version] = splitAPIVersion(apiVersion);
    const same = this.resources.filter((r) => r.group === group && r.kind === kind);
    const rt = same.find((r) => r.version === version) ?? same[0];
    if (!rt) throw new RestMappingError(apiVersion, kind);
    return rt;
  }
}

export class RestObjectAccess implements ObjectAccess {
  private readonly mapper: ResourceMapper;
  constructor(
    private readonly client: RestClient,
    resources: readonly ResourceType[],
  ) {
    this.mapper = new ResourceMapper(resources);
  }
  private target(id: ObjectIdentity) {
    const rt = this.mapper.resourceFor(id.apiVersion, id.kind);
    return { rc: clientFor<KubeObject>(this.client, rt), ns: rt.namespaced ? id.namespace : "" };
  }
  isNamespaced(apiVersion: string, kind: string): boolean {
    return this.mapper.resourceFor(apiVersion, kind).namespaced;
  }
  get(id: ObjectIdentity): Promise<KubeObject> {
    const { rc, ns } = this.target(id);
    return rc.get(ns, id.name);
  }
  async delete(id: ObjectIdentity, propagationPolicy: string): Promise<void> {
    const { rc, ns } = this.target(id);
    // The uid precondition: never delete a newer object that took the name.
    await rc.delete(ns, id.name, { propagationPolicy, preconditions: { uid: id.uid } });
  }
  patch(id: ObjectIdentity, type: PatchType, patch: unknown): Promise<KubeObject> {
    const { rc, ns } = this.target(id);
    return rc.patch(ns, id.name, type, patch);
  }
}

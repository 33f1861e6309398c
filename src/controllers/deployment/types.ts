// The object types the Deployment controller works with: read-only lister objects and mutable copies.
import type { Deployment } from "../../api/apps/v1/types.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { ReplicaSetObject } from "../replicaset/status.js";
import type { GroupVersionKind } from "../util/controllerref.js";

export type DeploymentObject = Deployment & KubeObject;
export type { ReplicaSetObject };
/** A ReplicaSet as the lister hands it out (or as a write returned it). */
export type RS = DeepReadonly<ReplicaSetObject>;
export type ReadonlyDeployment = DeepReadonly<DeploymentObject>;

export const deploymentKind: GroupVersionKind = { group: "apps", version: "v1", kind: "Deployment" };

/** spec.replicas as defaulted (1 when unset). */
export const replicasOf = (o: { spec?: { readonly replicas?: number } }): number => o.spec?.replicas ?? 1;

/** apps.DefaultDeploymentUniqueLabelKey */
export const podTemplateHashLabel = "pod-template-hash";

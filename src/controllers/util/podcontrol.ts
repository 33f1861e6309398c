// RealPodControl (pkg/controller/controller_utils.go): creates pods from a template with the controller's
// ownerReference and generateName "<controller>-", deletes pods, and records upstream's events
// (SuccessfulCreate "Created pod: web-7d9c-x2b4q", FailedCreate "Error creating: ...", SuccessfulDelete,
// FailedDelete).
import type { Pod, PodTemplateSpec } from "../../api/core/v1/pod.js";
import type { KubeObject, OwnerReference } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PatchType } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage } from "./errors.js";
import type { Recorder, Referable } from "./recorder.js";

export type PodObject = Pod & KubeObject;

/** The subset of a pods ResourceClient that pod control uses. */
export interface PodWriter {
  create(namespace: string, obj: PodObject): Promise<PodObject>;
  delete(namespace: string, name: string, opts?: object): Promise<unknown>;
  patch(namespace: string, name: string, type: PatchType, patch: unknown): Promise<PodObject>;
}

export const successfulCreatePodReason = "SuccessfulCreate";
export const failedCreatePodReason = "FailedCreate";
export const successfulDeletePodReason = "SuccessfulDelete";
export const failedDeletePodReason = "FailedDelete";

/** getPodsPrefix: "<name>-" unless that would make an invalid generateName (more than 253 characters). */
export function podNamePrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return prefix.length > 253 ? controllerName : prefix;
}

/** GetPodFromTemplate */
export function podFromTemplate(
  template: DeepReadonly<PodTemplateSpec>,
  parentName: string,
  controllerRef?: OwnerReference,
  generateName?: string,
): PodObject {
  const t = structuredClone(template) as PodTemplateSpec;
  const metadata: PodObject["metadata"] = {
    labels: { ...(t.metadata?.labels ?? {}) },
    annotations: { ...(t.metadata?.annotations ?? {}) },
    generateName: generateName || podNamePrefix(parentName),
  };
  if (t.metadata?.finalizers?.length) metadata.finalizers = [...t.metadata.finalizers];
  if (controllerRef) metadata.ownerReferences = [controllerRef];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: t.spec };
}

export class PodControl {
  constructor(
    private readonly pods: PodWriter,
    private readonly recorder: Recorder,
  ) {}

  /**
   * Creates one pod; rejects (after a FailedCreate event) when the API server refuses. A generateName
   * replaces "<parent>-" (CreatePodsWithGenerateName; indexed Jobs use "<job>-<index>-").
   */
  async createPods(
    namespace: string,
    template: DeepReadonly<PodTemplateSpec>,
    parent: Referable,
    controllerRef: OwnerReference,
    generateName?: string,
  ): Promise<PodObject> {
    const pod = podFromTemplate(template, parent.metadata.name ?? "", controllerRef, generateName);
    if (Object.keys(pod.metadata.labels ?? {}).length === 0)
      throw new Error("unable to create pods, no labels");
    let created: PodObject;
    try {
      created = await this.pods.create(namespace, pod);
    } catch (e) {
      // Only report when the namespace is not going away (then every create fails and nobody cares).
      if (!hasStatusCause(e, namespaceTerminatingCause))
        this.recorder.eventf(parent, "Warning", failedCreatePodReason, "Error creating: %v", errorMessage(e));
      throw e;
    }
    this.recorder.eventf(
      parent,
      "Normal",
      successfulCreatePodReason,
      "Created pod: %v",
      created.metadata.name,
    );
    return created;
  }

  /** Deletes one pod; a NotFound is rethrown as is (callers treat it as done). */
  async deletePod(namespace: string, name: string, parent: Referable): Promise<void> {
    try {
      await this.pods.delete(namespace, name);
    } catch (e) {
      if (isNotFound(e)) throw e;
      this.recorder.eventf(parent, "Warning", failedDeletePodReason, "Error deleting: %v", errorMessage(e));
      throw new Error(`unable to delete pods: ${errorMessage(e)}`, { cause: e });
    }
    this.recorder.eventf(parent, "Normal", successfulDeletePodReason, "Deleted pod: %v", name);
  }

  patchPod(namespace: string, name: string, patch: unknown): Promise<PodObject> {
    return this.pods.patch(namespace, name, "strategic", patch);
  }
}

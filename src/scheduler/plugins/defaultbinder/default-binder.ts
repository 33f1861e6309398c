// DefaultBinder: binds the pod by POSTing a Binding to pods/{name}/binding, as kube-scheduler does; the API
// server sets spec.nodeName and the PodScheduled condition.
import type { BindPlugin, Handle } from "../../framework/interface.js";
import { Status, type Result } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { Binding } from "../../../api/core/v1/binding.js";
import { names } from "../names.js";

export class DefaultBinder implements BindPlugin {
  readonly name = names.DefaultBinder;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<Result> {
    const client = this.handle.client;
    if (!client) return Status.error(new Error("DefaultBinder: no API client"));
    const m = pod.pod.metadata;
    const binding: Binding = {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { namespace: m.namespace, name: m.name, uid: m.uid },
      target: { kind: "Node", name: nodeName },
    };
    const path = `/api/v1/namespaces/${encodeURIComponent(m.namespace ?? "")}/pods/${encodeURIComponent(m.name ?? "")}/binding`;
    try {
      await client.raw("POST", path, binding);
      return null;
    } catch (e) {
      return Status.error(e);
    }
  }
}

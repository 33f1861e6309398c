// Test support: pods as a kubelet would have reported them (Running, an IP, Ready or not).
import type { Pod } from "../../api/core/v1/pod.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { rfc3339 } from "./metatime.js";

export interface TestPod {
  name: string;
  node?: string;
  ip?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: { name?: string; containerPort: number }[];
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  phase?: string;
}

/** Creates the pod and posts the status a kubelet would. */
export async function createRunningPod(pods: ResourceClient<Pod>, ns: string, p: TestPod): Promise<Pod> {
  await pods.create(ns, {
    metadata: {
      name: p.name,
      labels: p.labels ?? {},
      ...(p.owner ? { ownerReferences: [{ ...p.owner, controller: true }] } : {}),
    },
    spec: {
      ...(p.node ? { nodeName: p.node } : {}),
      containers: [{ name: "c", image: "busybox", ports: p.ports ?? [] }],
    },
  });
  return setPodStatus(pods, ns, p);
}

export async function setPodStatus(pods: ResourceClient<Pod>, ns: string, p: TestPod): Promise<Pod> {
  const now = rfc3339(Date.now());
  const ready = p.ready === false ? "False" : "True";
  return pods.patch(
    ns,
    p.name,
    "merge",
    {
      status: {
        phase: p.phase ?? "Running",
        ...(p.ip ? { podIP: p.ip, podIPs: [{ ip: p.ip }] } : {}),
        conditions: [
          { type: "Ready", status: ready, lastTransitionTime: now },
          { type: "ContainersReady", status: ready, lastTransitionTime: now },
        ],
      },
    },
    { subresource: "status" },
  );
}

// Test support: an in-memory stand-in for the API server's Deployment and ReplicaSet storage, for unit tests
// of the sync steps (the real server is exercised by the integration tests).
import { silentLogger } from "../../client/log.js";
import { ApiError } from "../../client/rest/errors.js";
import type { DeploymentDeps } from "./deps.js";
import type { DeploymentObject, ReplicaSetObject, RS } from "./types.js";

export class World implements DeploymentDeps {
  now: () => number;
  clock = Date.parse("2025-01-01T00:00:00Z");
  rss = new Map<string, ReplicaSetObject>();
  d: DeploymentObject;
  events: string[] = [];
  private seq = 0;
  recorder = {
    event: (_o: unknown, type: string, reason: string, message: string) =>
      void this.events.push(`${type} ${reason} ${message}`),
    eventf: () => {},
  };
  log = silentLogger;
  constructor(d: DeploymentObject) {
    this.d = structuredClone(d);
    this.now = () => this.clock;
  }
  private bump<T extends { metadata: { resourceVersion?: string } }>(o: T): T {
    o.metadata.resourceVersion = String(++this.seq);
    return structuredClone(o);
  }
  deployments = {
    update: async (_ns: string, _n: string, obj: DeploymentObject) => {
      this.d = this.bump(structuredClone({ ...obj, status: this.d.status }));
      return structuredClone(this.d);
    },
    updateStatus: async (_ns: string, _n: string, obj: DeploymentObject) => {
      if (obj.metadata.resourceVersion !== this.d.metadata.resourceVersion)
        throw new ApiError(409, { reason: "Conflict", message: "the object has been modified" });
      // As upstream's deploymentStatusStrategy: spec and labels stay, the rest (annotations too) is taken.
      const next = structuredClone(obj);
      next.spec = this.d.spec;
      next.metadata.labels = this.d.metadata.labels;
      this.d = this.bump(next);
      return structuredClone(this.d);
    },
  };
  replicaSets = {
    create: async (_ns: string, obj: ReplicaSetObject) => {
      const name = obj.metadata.name!;
      if (this.rss.has(name))
        throw new ApiError(409, {
          reason: "AlreadyExists",
          message: `replicasets.apps "${name}" already exists`,
        });
      const rs = structuredClone(obj);
      rs.metadata.uid = `uid-${name}`;
      rs.metadata.generation = 1;
      rs.metadata.creationTimestamp = new Date(this.clock + this.seq * 1000)
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z");
      rs.status = { replicas: 0 };
      this.rss.set(name, this.bump(rs));
      return structuredClone(this.rss.get(name)!);
    },
    update: async (_ns: string, name: string, obj: ReplicaSetObject) => {
      const cur = this.rss.get(name)!;
      const next = structuredClone(obj);
      next.status = cur.status;
      next.metadata.generation =
        (cur.metadata.generation ?? 1) + (JSON.stringify(cur.spec) !== JSON.stringify(obj.spec) ? 1 : 0);
      this.rss.set(name, this.bump(next));
      return structuredClone(this.rss.get(name)!);
    },
    delete: async (_ns: string, name: string) => void this.rss.delete(name),
  };
  getReplicaSet = (_ns: string, name: string): RS | undefined => this.rss.get(name);
  list(): RS[] {
    return [...this.rss.values()].map((rs) => structuredClone(rs));
  }
  /** The ReplicaSet controller and kubelets: pods exist for spec.replicas; `ready` decides how many are available. */
  settle(available: (rs: ReplicaSetObject) => number): void {
    for (const rs of this.rss.values()) {
      const replicas = rs.spec?.replicas ?? 1;
      const a = Math.min(replicas, available(rs));
      rs.status = {
        replicas,
        readyReplicas: a,
        availableReplicas: a,
        observedGeneration: rs.metadata.generation,
      };
    }
  }
}

export function deployment(
  o: {
    replicas?: number;
    image?: string;
    surge?: number | string;
    unavailable?: number | string;
    strategy?: string;
  } = {},
): DeploymentObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "ns",
      uid: "d-uid",
      generation: 1,
      resourceVersion: "0",
      annotations: {},
    },
    spec: {
      replicas: o.replicas ?? 10,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: o.image ?? "nginx:1" }] },
      },
      strategy:
        o.strategy === "Recreate"
          ? { type: "Recreate" }
          : {
              type: "RollingUpdate",
              rollingUpdate: { maxSurge: o.surge ?? "25%", maxUnavailable: o.unavailable ?? "25%" },
            },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
}

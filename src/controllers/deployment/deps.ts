// What the Deployment controller's sync steps need from the world: writers for Deployments and ReplicaSets
// (ResourceClients satisfy them), the ReplicaSet lister, an event recorder and a clock.
import type { Logger } from "../../client/log.js";
import type { Recorder } from "../util/recorder.js";
import type { DeploymentObject, ReplicaSetObject, RS } from "./types.js";

export interface DeploymentWriter {
  update(namespace: string, name: string, obj: DeploymentObject): Promise<DeploymentObject>;
  updateStatus(namespace: string, name: string, obj: DeploymentObject): Promise<DeploymentObject>;
}

export interface ReplicaSetWriter {
  create(namespace: string, obj: ReplicaSetObject): Promise<ReplicaSetObject>;
  update(namespace: string, name: string, obj: ReplicaSetObject): Promise<ReplicaSetObject>;
  delete(namespace: string, name: string, opts?: object): Promise<unknown>;
}

export interface DeploymentDeps {
  deployments: DeploymentWriter;
  replicaSets: ReplicaSetWriter;
  getReplicaSet(namespace: string, name: string): RS | undefined;
  recorder: Recorder;
  now(): number;
  log: Logger;
}

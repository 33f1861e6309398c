// The client library: the one path by which every k8ts component reaches the cluster.
export * from "./rest/client.js";
export * from "./rest/config.js";
export * from "./rest/errors.js";
export * from "./informer/cache.js";
export * from "./informer/informer.js";
export * from "./informer/factory.js";
export * from "./workqueue/workqueue.js";
export * from "./record/recorder.js";
export * from "./leaderelection/leaderelection.js";

import type { ResourceType } from "../api/registry.js";
import type { RestClient, ResourceClient } from "./rest/client.js";

/** A typed client for one registered resource. */
export function clientFor<T = any>(c: RestClient, rt: ResourceType): ResourceClient<T> {
  return c.resource<T>({
    group: rt.group,
    version: rt.version,
    resource: rt.plural,
    namespaced: rt.namespaced,
  });
}
export * from "./workqueue/worker.js";
export * from "./log.js";

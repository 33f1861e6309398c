// Informer events into the scheduler (upstream's eventhandlers.go): bound pods feed the cache, pending pods
// this scheduler owns (spec.schedulerName) feed the queue, nodes feed the cache; each change that may make
// waiting pods schedulable becomes a cluster event for the queue.
import type { Scheduler } from "./schedule-one.js";
import type { Node, Pod } from "./framework/types.js";
import { ActionType, Events, type ClusterEvent } from "./framework/events.js";
import type { Informer } from "../client/informer/informer.js";
import type { KubeObject } from "../api/meta/v1/types.js";

const assigned = (p: Pod) => !!p.spec?.nodeName;
const terminal = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Which scheduling-relevant parts of a node changed (upstream's nodeSchedulingPropertiesChange). */
export function nodeUpdateActions(oldNode: Node, newNode: Node): number {
  let a = 0;
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) a |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata.labels, newNode.metadata.labels)) a |= ActionType.UpdateNodeLabel;
  if (
    !same(oldNode.spec?.taints, newNode.spec?.taints) ||
    !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable
  )
    a |= ActionType.UpdateNodeTaint;
  const conds = (n: Node) => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  if (!same(conds(oldNode), conds(newNode))) a |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata.annotations, newNode.metadata.annotations)) a |= ActionType.UpdateNodeAnnotation;
  return a;
}

/** Which scheduling-relevant parts of a pod changed (PodSchedulingPropertiesChange, coarse). */
export function podUpdateActions(oldPod: Pod, newPod: Pod): number {
  let a = 0;
  if (!same(oldPod.metadata.labels, newPod.metadata.labels)) a |= ActionType.UpdatePodLabel;
  if (!same(oldPod.spec?.tolerations, newPod.spec?.tolerations)) a |= ActionType.UpdatePodToleration;
  const reqs = (p: Pod) => [
    p.spec?.containers?.map((c) => c.resources?.requests),
    p.spec?.initContainers?.map((c) => c.resources?.requests),
  ];
  if (!same(reqs(oldPod), reqs(newPod))) a |= ActionType.UpdatePodScaleDown;
  if (
    !same(oldPod.spec?.schedulingGates, newPod.spec?.schedulingGates) &&
    !newPod.spec?.schedulingGates?.length
  )
    a |= ActionType.UpdatePodSchedulingGatesEliminated;
  return a || ActionType.UpdateOther;
}

const event = (resource: ClusterEvent["resource"], actionType: number, label: string): ClusterEvent => ({
  resource,
  actionType,
  label,
});

export function addAllEventHandlers(
  sched: Scheduler,
  pods: Informer<KubeObject>,
  nodes: Informer<KubeObject>,
): void {
  const { cache, queue } = sched;

  const addPodToCache = (pod: Pod) => {
    cache.addPod(sched.podInfoFor(pod));
    queue.nominator.deleteNominatedPodIfExists(pod);
    queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodAdd, undefined, pod);
  };
  const updatePodInCache = (oldPod: Pod, newPod: Pod) => {
    cache.updatePod(oldPod, sched.podInfoFor(newPod));
    queue.moveAllToActiveOrBackoffQueue(
      event("AssignedPod", podUpdateActions(oldPod, newPod), "AssignedPodUpdate"),
      oldPod,
      newPod,
    );
  };
  const deletePodFromCache = (pod: Pod) => {
    cache.removePod(pod);
    queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, pod, undefined);
  };

  pods.addEventHandler({
    onAdd(o) {
      const pod = o as Pod;
      if (assigned(pod)) {
        if (!terminal(pod)) addPodToCache(pod);
      } else if (sched.responsibleFor(pod) && !terminal(pod)) queue.add(pod);
    },
    onUpdate(o, n) {
      const oldPod = o as Pod;
      const newPod = n as Pod;
      if (assigned(newPod)) {
        if (!assigned(oldPod)) queue.delete(oldPod);
        if (terminal(newPod)) {
          if (assigned(oldPod) && !terminal(oldPod)) deletePodFromCache(oldPod);
        } else if (assigned(oldPod) && !terminal(oldPod)) updatePodInCache(oldPod, newPod);
        else addPodToCache(newPod);
        return;
      }
      if (assigned(oldPod) && !terminal(oldPod)) deletePodFromCache(oldPod);
      if (sched.responsibleFor(newPod) && !terminal(newPod)) queue.update(oldPod, newPod);
      else queue.delete(newPod);
    },
    onDelete(o) {
      const pod = o as Pod;
      if (assigned(pod)) {
        if (!terminal(pod)) deletePodFromCache(pod);
        else cache.removePod(pod);
      } else queue.delete(pod);
    },
  });

  nodes.addEventHandler({
    onAdd(o) {
      const node = o as Node;
      cache.addNode(node);
      queue.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, node);
    },
    onUpdate(o, n) {
      const oldNode = o as Node;
      const newNode = n as Node;
      cache.updateNode(oldNode, newNode);
      const actions = nodeUpdateActions(oldNode, newNode);
      if (actions)
        queue.moveAllToActiveOrBackoffQueue(event("Node", actions, "NodeUpdate"), oldNode, newNode);
    },
    onDelete(o) {
      const node = o as Node;
      cache.removeNode(node);
      queue.moveAllToActiveOrBackoffQueue(event("Node", ActionType.Delete, "NodeDelete"), node, undefined);
    },
  });
}

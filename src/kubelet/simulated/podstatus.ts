// Pod status as the kubelet reports it (pkg/kubelet/kubelet_pods.go generateAPIPodStatus and the status
// manager), for containers that start at once and never crash: Running/Ready, then terminated on delete or
// on completion. Pure functions of the pod and the clock.
import { createHash } from "node:crypto";
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodCondition, PodStatus, ContainerStatus } from "../../api/core/v1/podstatus.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { rfc3339 } from "./timefmt.js";

type ReadonlyPod = DeepReadonly<Pod>;

/** The scheme of containerIDs and of containerRuntimeVersion ("<runtime>://<id>"). */
export const runtimeScheme = "simulated";

/** Fully qualifies an image reference as containerd reports it ("busybox" → "docker.io/library/busybox:latest"). */
export function normalizeImage(image: string): string {
  const at = image.indexOf("@");
  let name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at) : "";
  const slash = name.indexOf("/");
  const first = slash >= 0 ? name.slice(0, slash) : "";
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasDomain) name = `docker.io/${slash >= 0 ? name : `library/${name}`}`;
  const lastSlash = name.lastIndexOf("/");
  const hasTag = name.indexOf(":", lastSlash) >= 0;
  if (!hasTag && !digest) name += ":latest";
  return name + digest;
}

/** "<repository>@sha256:<digest>": a stable digest for the image (there are no layers to hash). */
export function imageIDFor(image: string): string {
  const ref = normalizeImage(image);
  const at = ref.indexOf("@");
  if (at >= 0) return ref;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", lastSlash);
  const repo = colon >= 0 ? ref.slice(0, colon) : ref;
  return `${repo}@sha256:${sha256(ref)}`;
}

export function containerIDFor(podUID: string, container: string, restartCount = 0): string {
  return `${runtimeScheme}://${sha256(`${podUID}/${container}/${restartCount}`)}`;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function condition(
  pod: ReadonlyPod,
  type: string,
  status: "True" | "False",
  now: string,
  reason?: string,
): PodCondition {
  const prev = pod.status?.conditions?.find((c) => c.type === type);
  const c: PodCondition = {
    type,
    status,
    lastTransitionTime:
      prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
  };
  if (reason) c.reason = reason;
  return c;
}

function podScheduled(pod: ReadonlyPod, now: string): PodCondition {
  const prev = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  if (prev?.status === "True") return { ...(prev as PodCondition) };
  return { type: "PodScheduled", status: "True", lastTransitionTime: now };
}

export interface RunningFacts {
  /** The pod's IP (the node's InternalIP for hostNetwork pods). */
  podIP: string;
  hostIP: string;
  nowMs: number;
}

/** The status of a pod whose containers all started and are ready. */
export function runningPodStatus(pod: ReadonlyPod, f: RunningFacts): PodStatus {
  const now = rfc3339(f.nowMs);
  const uid = pod.metadata?.uid ?? "";
  const startTime = pod.status?.startTime ?? now;
  const running = (
    name: string,
    image: string,
    statuses: DeepReadonly<ContainerStatus[]> | undefined,
  ): ContainerStatus => {
    const prev = statuses?.find((c) => c.name === name);
    const ref = normalizeImage(image);
    // An in-place image change restarts the container, as the kubelet does when the spec hash changes.
    const restarted = !!prev?.state?.running && prev.image !== ref;
    const restartCount = (prev?.restartCount ?? 0) + (restarted ? 1 : 0);
    const startedAt = (!restarted && prev?.state?.running?.startedAt) || now;
    const s: ContainerStatus = {
      name,
      state: { running: { startedAt } },
      lastState: {},
      ready: true,
      restartCount,
      image: ref,
      imageID: imageIDFor(image),
      containerID: containerIDFor(uid, name, restartCount),
      started: true,
    };
    if (restarted && prev?.state?.running)
      s.lastState = {
        terminated: {
          exitCode: 0,
          reason: "Completed",
          startedAt: prev.state.running.startedAt,
          finishedAt: now,
          containerID: prev.containerID,
        },
      };
    return s;
  };
  const initStatuses = (pod.spec?.initContainers ?? []).map((c): ContainerStatus => {
    // A sidecar (restartable init container) keeps running beside the main containers.
    if (c.restartPolicy === "Always")
      return running(c.name, c.image ?? "", pod.status?.initContainerStatuses);
    return {
      name: c.name,
      state: {
        terminated: {
          exitCode: 0,
          reason: "Completed",
          startedAt: startTime,
          finishedAt: startTime,
          containerID: containerIDFor(uid, c.name),
        },
      },
      lastState: {},
      ready: true,
      restartCount: 0,
      image: normalizeImage(c.image ?? ""),
      imageID: imageIDFor(c.image ?? ""),
      containerID: containerIDFor(uid, c.name),
      started: false,
    };
  });
  const status: PodStatus = {
    ...(pod.status as PodStatus | undefined),
    phase: "Running",
    conditions: [
      condition(pod, "PodReadyToStartContainers", "True", now),
      condition(pod, "Initialized", "True", now),
      condition(pod, "Ready", "True", now),
      condition(pod, "ContainersReady", "True", now),
      podScheduled(pod, now),
    ],
    hostIP: f.hostIP,
    hostIPs: [{ ip: f.hostIP }],
    podIP: f.podIP,
    podIPs: [{ ip: f.podIP }],
    startTime,
    containerStatuses: (pod.spec?.containers ?? []).map((c) =>
      running(c.name, c.image ?? "", pod.status?.containerStatuses),
    ),
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  else delete status.initContainerStatuses;
  return status;
}

/**
 * The status once every container has exited with code 0 (a deleted pod whose processes stopped on SIGTERM,
 * or a run-to-completion pod that finished): phase Succeeded, Ready/ContainersReady False "PodCompleted".
 */
export function completedPodStatus(pod: ReadonlyPod, nowMs: number): PodStatus {
  const now = rfc3339(nowMs);
  const uid = pod.metadata?.uid ?? "";
  const exited = (name: string, image: string, statuses: DeepReadonly<ContainerStatus[]> | undefined) => {
    const prev = statuses?.find((c) => c.name === name);
    if (prev?.state?.terminated) return { ...(prev as ContainerStatus), ready: false, started: false };
    const s: ContainerStatus = {
      name,
      state: {
        terminated: {
          exitCode: 0,
          reason: "Completed",
          startedAt: prev?.state?.running?.startedAt ?? pod.status?.startTime ?? now,
          finishedAt: now,
          containerID: prev?.containerID ?? containerIDFor(uid, name),
        },
      },
      lastState: {},
      ready: false,
      restartCount: prev?.restartCount ?? 0,
      image: normalizeImage(image),
      imageID: imageIDFor(image),
      containerID: prev?.containerID ?? containerIDFor(uid, name),
      started: false,
    };
    return s;
  };
  const status: PodStatus = {
    ...(pod.status as PodStatus | undefined),
    phase: "Succeeded",
    conditions: [
      condition(pod, "PodReadyToStartContainers", "False", now),
      condition(pod, "Initialized", "True", now, "PodCompleted"),
      condition(pod, "Ready", "False", now, "PodCompleted"),
      condition(pod, "ContainersReady", "False", now, "PodCompleted"),
      podScheduled(pod, now),
    ],
    startTime: pod.status?.startTime ?? now,
    containerStatuses: (pod.spec?.containers ?? []).map((c) =>
      exited(c.name, c.image ?? "", pod.status?.containerStatuses),
    ),
  };
  if (pod.spec?.initContainers?.length)
    status.initContainerStatuses = pod.spec.initContainers.map((c) =>
      exited(c.name, c.image ?? "", pod.status?.initContainerStatuses),
    );
  return status;
}

/** The pod already shows what runningPodStatus would report (ignoring times): nothing to post. */
export function isReportedRunning(pod: ReadonlyPod): boolean {
  const s = pod.status;
  if (s?.phase !== "Running" || !s.podIP) return false;
  if (s.conditions?.find((c) => c.type === "Ready")?.status !== "True") return false;
  const containers = pod.spec?.containers ?? [];
  if ((s.containerStatuses?.length ?? 0) !== containers.length) return false;
  return containers.every((c) => {
    const cs = s.containerStatuses?.find((x) => x.name === c.name);
    return !!cs?.state?.running && cs.ready === true && cs.image === normalizeImage(c.image ?? "");
  });
}

/** Every container has terminated (the kubelet may now remove the pod from the API). */
export function isReportedTerminated(pod: ReadonlyPod): boolean {
  const s = pod.status;
  if (s?.phase !== "Succeeded" && s?.phase !== "Failed") return false;
  return (pod.spec?.containers ?? []).every(
    (c) => !!s.containerStatuses?.find((x) => x.name === c.name)?.state?.terminated,
  );
}

/** restartPolicy Never/OnFailure: the pod's containers are meant to finish. */
export function runsToCompletion(pod: ReadonlyPod): boolean {
  return pod.spec?.restartPolicy === "Never" || pod.spec?.restartPolicy === "OnFailure";
}

// Pod defaults as upstream's SetObjectDefaults_Pod / SetObjectDefaults_PodTemplate
// (pkg/apis/core/v1/defaults.go and zz_generated.defaults.go).
import type { Container, ContainerPort, EphemeralContainer, LifecycleHandler } from "./container.js";
import type { Probe, HTTPGetAction } from "./probe.js";
import type { PodSpec } from "./podspec.js";
import type { Pod } from "./pod.js";
import { applyEnvVarDefaults } from "./env-defaults.js";
import { applyVolumeDefaults, applyResourceListDefaults, imagePullPolicyFor } from "./volume-defaults.js";

export const defaultTerminationGracePeriodSeconds = 30;
export const defaultSchedulerName = "default-scheduler";
export const terminationMessagePathDefault = "/dev/termination-log";

/**
 * Defaults every PodSpec gets, wherever it is embedded (Pod, PodTemplate, Deployment, Job...):
 * SetDefaults_PodSpec plus everything nested (volumes, containers, probes, ports, env).
 */
export function applyPodSpecDefaults(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= defaultTerminationGracePeriodSeconds;
  if (!spec.schedulerName) spec.schedulerName = defaultSchedulerName;
  for (const v of spec.volumes ?? []) applyVolumeDefaults(v);
  for (const c of spec.initContainers ?? []) applyContainerDefaults(c);
  for (const c of spec.containers ?? []) applyContainerDefaults(c);
  for (const c of spec.ephemeralContainers ?? []) applyContainerDefaults(c);
  applyResourceListDefaults(spec.overhead);
}

/**
 * Defaults only a Pod gets (SetDefaults_Pod): requests copied from limits, enableServiceLinks,
 * and host ports for host-network pods. Templates do not get these, so they are not in applyPodSpecDefaults.
 */
export function applyPodDefaults(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
  }
  applyPodSpecDefaults(spec);
}

/** SetDefaults_Container and its nested defaults; ephemeral containers get the same. */
export function applyContainerDefaults(c: Container | EphemeralContainer): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imagePullPolicyFor(c.image ?? "");
  if (!c.terminationMessagePath) c.terminationMessagePath = terminationMessagePathDefault;
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  applyResourceListDefaults(c.resources?.limits);
  applyResourceListDefaults(c.resources?.requests);
  for (const p of c.ports ?? []) applyContainerPortDefaults(p);
  for (const e of c.env ?? []) applyEnvVarDefaults(e);
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe])
    if (probe) applyProbeDefaults(probe);
  for (const h of [c.lifecycle?.postStart, c.lifecycle?.preStop]) if (h) applyLifecycleHandlerDefaults(h);
}

export function applyContainerPortDefaults(p: ContainerPort): void {
  if (!p.protocol) p.protocol = "TCP";
}

export function applyProbeDefaults(p: Probe): void {
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  if (p.httpGet) applyHTTPGetActionDefaults(p.httpGet);
  if (p.grpc) p.grpc.service ??= "";
}

function applyLifecycleHandlerDefaults(h: LifecycleHandler): void {
  if (h.httpGet) applyHTTPGetActionDefaults(h.httpGet);
}

export function applyHTTPGetActionDefaults(a: HTTPGetAction): void {
  if (!a.path) a.path = "/";
  if (!a.scheme) a.scheme = "HTTP";
}

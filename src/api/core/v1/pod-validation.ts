// Pod and PodSpec validation: upstream's ValidatePodSpec / ValidatePodUpdate
// (pkg/apis/core/validation/validation.go) for the rules users meet, with its messages, paths and order.
import {
  type FieldError,
  Path,
  required,
  invalid,
  duplicate,
  forbidden,
  notSupported,
  notFound,
} from "../../validation/field.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  validateLabels,
  validateAnnotations,
  isConfigMapKey,
} from "../../validation/names.js";
import type { Container, ContainerPort, EphemeralContainer, Lifecycle, VolumeMount } from "./container.js";
import type { EnvFromSource, EnvVar, ObjectFieldSelector } from "./env.js";
import type { Probe } from "./probe.js";
import type { PodSpec, PodTemplateSpec } from "./podspec.js";
import type { KeyToPath, Volume } from "./volume.js";
import type { Toleration, TopologySpreadConstraint } from "./affinity.js";
import type { Pod } from "./pod.js";
import type { ResourceRequirements } from "./resources.js";
import {
  compareQuantities,
  canonicalQuantity,
  quantityMilliValue,
  tryQuantity,
} from "../../resource/quantity.js";
import { validateAffinity } from "./affinity-validation.js";
import { isValidPortName, isValidPortNum, validatePortNumOrName } from "../../validation/ports.js";
import { isValidIPForLegacyField } from "../../validation/ip.js";

// Kept for importers of this module; defined in src/api/validation/ports.ts.
export { isValidPortName, isValidPortNum, isConfigMapKey };

const asPath = (p: Path | string) => (typeof p === "string" ? new Path(p) : p);
const isSet = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  v !== "" &&
  v !== 0 &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

export const supportedRestartPolicies = ["Always", "OnFailure", "Never"];
export const supportedDNSPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
export const supportedPortProtocols = ["SCTP", "TCP", "UDP"];
export const supportedPullPolicies = ["Always", "IfNotPresent", "Never"];
export const supportedTerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
export const supportedTaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
export const supportedTolerationOperators = ["Equal", "Exists"];
export const supportedHTTPSchemes = ["HTTP", "HTTPS"];
export const supportedPreemptionPolicies = ["PreemptLowerPriority", "Never"];
export const supportedHostPathTypes = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];
/** Downward API fields an env var may read (validEnvDownwardAPIFieldPathExpressions, sorted). */
export const envDownwardAPIFieldPaths = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
/** Fields an ephemeral container may set (allowedEphemeralContainerFields); the rest are forbidden. */
const ephemeralForbiddenFields = [
  "ports",
  "resources",
  "resizePolicy",
  "restartPolicy",
  "restartPolicyRules",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "lifecycle",
] as const;
const fileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template): enables the pod-only checks. */
  resourceIsPod?: boolean;
}

/** ValidatePodTemplateSpec: labels, annotations and the pod spec of a template at `path`. */
export function validatePodTemplateSpec(template: PodTemplateSpec, path: Path | string): FieldError[] {
  const p = asPath(path);
  const meta = template.metadata;
  return [
    ...validateLabels(meta?.labels, p.child("metadata").child("labels").s),
    ...validateAnnotations(meta?.annotations, p.child("metadata").child("annotations").s),
    ...validatePodSpec(template.spec ?? { containers: [] }, p.child("spec")),
  ];
}

/** validatePodMetadataAndSpec's spec part, with the checks only pods get. */
export function validatePod(pod: Pod): FieldError[] {
  const spec = pod.spec ?? { containers: [] };
  const specPath = new Path("spec");
  const errs = validatePodSpec(spec, specPath, { resourceIsPod: true });
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken)
          errs.push(
            forbidden(
              specPath
                .child("volumes")
                .index(vi)
                .child("projected")
                .child("sources")
                .index(si)
                .child("serviceAccountToken").s,
              "must not be specified when serviceAccountName is not set",
            ),
          );
      });
    });
  }
  for (const k of ["containers", "initContainers"] as const)
    (spec[k] ?? []).forEach((c, i) => validateContainerOnlyForPod(c, specPath.child(k).index(i), errs));
  return errs;
}

function validateContainerOnlyForPod(c: Container | EphemeralContainer, p: Path, errs: FieldError[]): void {
  const image = c.image ?? "";
  if (image.length !== image.trim().length)
    errs.push(invalid(p.child("image").s, image, "must not have leading or trailing whitespace"));
}

export function validatePodSpec(spec: PodSpec, p: Path, opts: PodValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined)
    errs.push(required(p.child("terminationGracePeriodSeconds").s));
  const gracePeriod = spec.terminationGracePeriodSeconds;
  const volumes = validateVolumes(spec.volumes ?? [], p.child("volumes"), errs);
  validateContainers(spec.containers ?? [], volumes, gracePeriod, p.child("containers"), spec, errs);
  validateInitContainers(
    spec.initContainers ?? [],
    spec.containers ?? [],
    volumes,
    gracePeriod,
    p.child("initContainers"),
    spec,
    errs,
  );
  validateEphemeralContainers(spec, volumes, p.child("ephemeralContainers"), errs);
  validateHostNetworkDeps(spec, p, opts, errs);
  validateEnum(spec.restartPolicy, supportedRestartPolicies, p.child("restartPolicy"), errs);
  validateEnum(spec.dnsPolicy, supportedDNSPolicies, p.child("dnsPolicy"), errs);
  errs.push(...validateLabels(spec.nodeSelector, p.child("nodeSelector").s));
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== "name"))
      errs.push(invalid(p.child("imagePullSecrets").index(i).s, s, "only name may be set"));
  });
  errs.push(...validateAffinity(spec.affinity, p.child("affinity")));
  validateDNSConfig(spec, p.child("dnsConfig"), errs);
  (spec.readinessGates ?? []).forEach((g, i) => {
    const gp = p.child("readinessGates").index(i).child("conditionType");
    for (const m of isQualifiedName(g.conditionType ?? "")) errs.push(invalid(gp.s, g.conditionType, m));
  });
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    const gp = p.child("schedulingGates").index(i);
    for (const m of isQualifiedName(g.name ?? "")) errs.push(invalid(gp.s, g.name, m));
    if (gates.has(g.name)) errs.push(duplicate(gp.s, g.name));
    gates.add(g.name);
  });
  validateTopologySpreadConstraints(
    spec.topologySpreadConstraints ?? [],
    p.child("topologySpreadConstraints"),
    errs,
  );
  if (spec.serviceAccountName)
    for (const m of isDNS1123Subdomain(spec.serviceAccountName))
      errs.push(invalid(p.child("serviceAccountName").s, spec.serviceAccountName, m));
  if (spec.nodeName)
    for (const m of isDNS1123Subdomain(spec.nodeName))
      errs.push(invalid(p.child("nodeName").s, spec.nodeName, m));
  if (spec.activeDeadlineSeconds !== undefined) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > 2147483647)
      errs.push(
        invalid(p.child("activeDeadlineSeconds").s, v, "must be between 1 and 2147483647, inclusive"),
      );
  }
  if (spec.hostname)
    for (const m of isDNS1123Label(spec.hostname))
      errs.push(invalid(p.child("hostname").s, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(spec.subdomain))
      errs.push(invalid(p.child("subdomain").s, spec.subdomain, m));
  (spec.tolerations ?? []).forEach((t, i) => validateToleration(t, p.child("tolerations").index(i), errs));
  (spec.hostAliases ?? []).forEach((a, i) => {
    const ap = p.child("hostAliases").index(i);
    errs.push(...isValidIPForLegacyField(ap.child("ip").s, a.ip ?? ""));
    (a.hostnames ?? []).forEach((h, j) => {
      for (const m of isDNS1123Subdomain(h)) errs.push(invalid(ap.child("hostnames").index(j).s, h, m));
    });
  });
  if (spec.priorityClassName)
    for (const m of isDNS1123Subdomain(spec.priorityClassName))
      errs.push(invalid(p.child("priorityClassName").s, spec.priorityClassName, m));
  if (spec.runtimeClassName !== undefined)
    for (const m of isDNS1123Subdomain(spec.runtimeClassName))
      errs.push(invalid(p.child("runtimeClassName").s, spec.runtimeClassName, m));
  if (spec.preemptionPolicy !== undefined)
    validateEnum(spec.preemptionPolicy, supportedPreemptionPolicies, p.child("preemptionPolicy"), errs);
  return errs;
}

function validateEnum(v: string | undefined, valid: string[], p: Path, errs: FieldError[]): void {
  if (v === undefined || v === "") errs.push(required(p.s));
  else if (!valid.includes(v)) errs.push(notSupported(p.s, v, valid));
}

/** Kept for importers of this module: an address IsValidIPForLegacyField accepts. */
export function isValidIP(s: string): boolean {
  return isValidIPForLegacyField("", s).length === 0;
}

function validateDNSConfig(spec: PodSpec, p: Path, errs: FieldError[]): void {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === "None") {
    if (!cfg) {
      errs.push(required(p.s, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (!cfg.nameservers?.length) {
      errs.push(
        required(
          p.child("nameservers").s,
          "must provide at least one DNS nameserver when `dnsPolicy` is None",
        ),
      );
      return;
    }
  }
  if (!cfg) return;
  const ns = cfg.nameservers ?? [];
  if (ns.length > 3)
    errs.push(invalid(p.child("nameservers").s, ns, "must not have more than 3 nameservers"));
  ns.forEach((n, i) => {
    errs.push(...isValidIPForLegacyField(p.child("nameservers").index(i).s, n));
  });
  const searches = cfg.searches ?? [];
  if (searches.length > 32)
    errs.push(invalid(p.child("searches").s, searches, "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048)
    errs.push(
      invalid(
        p.child("searches").s,
        searches,
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  searches.forEach((s, i) => {
    const search = s.endsWith(".") ? s.slice(0, -1) : s;
    for (const m of isDNS1123Subdomain(search)) errs.push(invalid(p.child("searches").index(i).s, search, m));
  });
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(required(p.child("options").index(i).s, "must not be empty"));
  });
}

function validateHostNetworkDeps(
  spec: PodSpec,
  p: Path,
  opts: PodValidationOptions,
  errs: FieldError[],
): void {
  if (!spec.hostNetwork) return;
  (spec.containers ?? []).forEach((c, i) => {
    (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      // In a template an unset hostPort is fine: the pod's defaults will set it to containerPort.
      if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort)
        errs.push(
          invalid(
            p.child("containers").index(i).child("ports").index(j).child("hostPort").s,
            hp,
            "must match `containerPort` when `hostNetwork` is true",
          ),
        );
    });
  });
}

const supportedWhenUnsatisfiable = ["DoNotSchedule", "ScheduleAnyway"];

function validateTopologySpreadConstraints(
  cs: TopologySpreadConstraint[],
  p: Path,
  errs: FieldError[],
): void {
  const seen = new Set<string>();
  cs.forEach((c, i) => {
    const ip = p.index(i);
    if ((c.maxSkew ?? 0) <= 0)
      errs.push(invalid(ip.child("maxSkew").s, c.maxSkew ?? 0, "must be greater than zero"));
    if (!c.topologyKey) errs.push(required(ip.child("topologyKey").s, "can not be empty"));
    else
      for (const m of isQualifiedName(c.topologyKey))
        errs.push(invalid(ip.child("topologyKey").s, c.topologyKey, m));
    if (!supportedWhenUnsatisfiable.includes(c.whenUnsatisfiable ?? ""))
      errs.push(
        notSupported(ip.child("whenUnsatisfiable").s, c.whenUnsatisfiable ?? "", supportedWhenUnsatisfiable),
      );
    const key = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
    if (seen.has(key)) errs.push(duplicate(ip.s, `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    seen.add(key);
    if (c.minDomains !== undefined) {
      if (c.minDomains <= 0)
        errs.push(invalid(ip.child("minDomains").s, c.minDomains, "must be greater than 0"));
      else if (c.whenUnsatisfiable !== "DoNotSchedule")
        errs.push(
          invalid(
            ip.child("minDomains").s,
            c.minDomains,
            "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
          ),
        );
    }
  });
}

/** The one-of VolumeSource keys set on a Volume. */
const volumeSourceKeys = (v: Volume) =>
  Object.keys(v).filter((k) => k !== "name" && (v as Record<string, unknown>)[k] != null);

/** ValidateVolumes: returns the names of the valid volumes (mounts of others are "Not found"). */
function validateVolumes(volumes: Volume[], p: Path, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const ip = p.index(i);
    const np = ip.child("name");
    const volErrs: FieldError[] = [];
    const sources = volumeSourceKeys(v);
    for (const extra of sources.slice(1))
      volErrs.push(forbidden(ip.child(extra).s, "may not specify more than 1 volume type"));
    if (sources.length === 0) volErrs.push(required(ip.s, "must specify a volume type"));
    validateVolumeSource(v, ip, volErrs);
    if (!v.name) volErrs.push(required(np.s));
    else for (const m of isDNS1123Label(v.name)) volErrs.push(invalid(np.s, v.name, m));
    if (names.has(v.name)) volErrs.push(duplicate(np.s, v.name));
    if (volErrs.length === 0) names.add(v.name);
    else errs.push(...volErrs);
  });
  return names;
}

function validateMode(mode: number | undefined, p: Path, errs: FieldError[]): void {
  if (mode !== undefined && (mode > 0o777 || mode < 0)) errs.push(invalid(p.s, mode, fileModeErrorMsg));
}

/** validateLocalDescendingPath: relative, without "..". */
function validateLocalDescendingPath(target: string, p: Path, errs: FieldError[]): void {
  if (target.startsWith("/")) errs.push(invalid(p.s, target, "must be a relative path"));
  validatePathNoBacksteps(target, p, errs);
}

function validatePathNoBacksteps(target: string, p: Path, errs: FieldError[]): void {
  if (target.split("/").includes("..")) errs.push(invalid(p.s, target, "must not contain '..'"));
}

function validateKeyToPaths(items: KeyToPath[], p: Path, errs: FieldError[]): void {
  items.forEach((kp, i) => {
    const ip = p.index(i);
    if (!kp.key) errs.push(required(ip.child("key").s));
    if (!kp.path) errs.push(required(ip.child("path").s));
    else {
      validateLocalDescendingPath(kp.path, ip.child("path"), errs);
      if (kp.path.startsWith(".."))
        errs.push(invalid(ip.child("path").s, kp.path, "must not start with '..'"));
    }
    validateMode(kp.mode, ip.child("mode"), errs);
  });
}

function validateVolumeSource(v: Volume, p: Path, errs: FieldError[]): void {
  if (v.hostPath) {
    const hp = p.child("hostPath");
    if (!v.hostPath.path) errs.push(required(hp.child("path").s));
    else validatePathNoBacksteps(v.hostPath.path, hp.child("path"), errs);
    if (v.hostPath.type !== undefined && !supportedHostPathTypes.includes(v.hostPath.type))
      errs.push(notSupported(hp.child("type").s, v.hostPath.type, supportedHostPathTypes));
  }
  if (v.secret) {
    const sp = p.child("secret");
    if (!v.secret.secretName) errs.push(required(sp.child("secretName").s));
    validateMode(v.secret.defaultMode, sp.child("defaultMode"), errs);
    validateKeyToPaths(v.secret.items ?? [], sp.child("items"), errs);
  }
  if (v.configMap) {
    const cp = p.child("configMap");
    if (!v.configMap.name) errs.push(required(cp.child("name").s));
    validateMode(v.configMap.defaultMode, cp.child("defaultMode"), errs);
    validateKeyToPaths(v.configMap.items ?? [], cp.child("items"), errs);
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName)
    errs.push(required(p.child("persistentVolumeClaim").child("claimName").s));
  if (v.downwardAPI)
    validateMode(v.downwardAPI.defaultMode, p.child("downwardAPI").child("defaultMode"), errs);
  if (v.projected) validateMode(v.projected.defaultMode, p.child("projected").child("defaultMode"), errs);
  if (v.nfs) {
    if (!v.nfs.server) errs.push(required(p.child("nfs").child("server").s));
    if (!v.nfs.path) errs.push(required(p.child("nfs").child("path").s));
    else if (!v.nfs.path.startsWith("/"))
      errs.push(invalid(p.child("nfs").child("path").s, v.nfs.path, "must be an absolute path"));
  }
  if (v.image && !v.image.reference) errs.push(required(p.child("image").child("reference").s));
}

/** validateContainers: regular containers (required, unique among themselves). */
function validateContainers(
  containers: Container[],
  volumes: Set<string>,
  gracePeriod: number | undefined,
  p: Path,
  spec: PodSpec,
  errs: FieldError[],
): void {
  if (containers.length === 0) {
    errs.push(required(p.s));
    return;
  }
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const ip = p.index(i);
    validateContainerCommon(c, volumes, ip, spec, errs);
    if (names.has(c.name)) errs.push(duplicate(ip.child("name").s, c.name));
    else names.add(c.name);
    if (c.lifecycle) validateLifecycle(c.lifecycle, gracePeriod, ip.child("lifecycle"), errs);
    if (c.livenessProbe)
      validateProbe(c.livenessProbe, gracePeriod, ip.child("livenessProbe"), errs, "liveness");
    if (c.readinessProbe)
      validateProbe(c.readinessProbe, gracePeriod, ip.child("readinessProbe"), errs, "readiness");
    if (c.startupProbe) validateProbe(c.startupProbe, gracePeriod, ip.child("startupProbe"), errs, "startup");
    if (c.restartPolicy !== undefined)
      errs.push(forbidden(ip.child("restartPolicy").s, "may not be set for non-init containers"));
  });
  checkHostPortConflicts(containers, p, errs);
}

const initOnly = "may not be set for init containers without restartPolicy=Always";

/** validateInitContainers: names unique across regular and init containers; sidecars (restartPolicy Always) get probes. */
function validateInitContainers(
  containers: Container[],
  regular: Container[],
  volumes: Set<string>,
  gracePeriod: number | undefined,
  p: Path,
  spec: PodSpec,
  errs: FieldError[],
): void {
  const names = new Set(regular.map((c) => c.name));
  containers.forEach((c, i) => {
    const ip = p.index(i);
    validateContainerCommon(c, volumes, ip, spec, errs);
    if (c.restartPolicy !== undefined && c.restartPolicy !== "Always")
      errs.push(notSupported(ip.child("restartPolicy").s, c.restartPolicy, ["Always"]));
    const sidecar = c.restartPolicy === "Always";
    if (names.has(c.name)) errs.push(duplicate(ip.child("name").s, c.name));
    else if (c.name) names.add(c.name);
    checkHostPortConflicts([c], p, errs);
    if (sidecar) {
      if (c.lifecycle) validateLifecycle(c.lifecycle, gracePeriod, ip.child("lifecycle"), errs);
      if (c.livenessProbe)
        validateProbe(c.livenessProbe, gracePeriod, ip.child("livenessProbe"), errs, "liveness");
      if (c.readinessProbe)
        validateProbe(c.readinessProbe, gracePeriod, ip.child("readinessProbe"), errs, "readiness");
      if (c.startupProbe)
        validateProbe(c.startupProbe, gracePeriod, ip.child("startupProbe"), errs, "startup");
    } else {
      for (const k of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] as const)
        if (c[k]) errs.push(forbidden(ip.child(k).s, initOnly));
    }
    if (c.resizePolicy?.length)
      errs.push(invalid(ip.child("resizePolicy").s, c.resizePolicy, "must not be set for init containers"));
  });
}

function validateEphemeralContainers(spec: PodSpec, volumes: Set<string>, p: Path, errs: FieldError[]): void {
  const ephemeral = spec.ephemeralContainers ?? [];
  if (ephemeral.length === 0) return;
  const others = new Set([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name));
  const all = new Set(others);
  ephemeral.forEach((ec, i) => {
    const ip = p.index(i);
    validateContainerCommon(ec, volumes, ip, spec, errs);
    validateContainerOnlyForPod(ec, ip, errs);
    if (all.has(ec.name)) errs.push(duplicate(ip.child("name").s, ec.name));
    else all.add(ec.name);
    if (ec.targetContainerName && !others.has(ec.targetContainerName))
      errs.push(notFound(ip.child("targetContainerName").s, ec.targetContainerName));
    for (const k of ephemeralForbiddenFields)
      if (isSet((ec as Record<string, unknown>)[k]))
        errs.push(forbidden(ip.child(k).s, "cannot be set for an Ephemeral Container"));
    (ec.volumeMounts ?? []).forEach((vm, j) => {
      const mp = ip.child("volumeMounts").index(j);
      if (vm.subPath) errs.push(forbidden(mp.child("subPath").s, "cannot be set for an Ephemeral Container"));
      if (vm.subPathExpr)
        errs.push(forbidden(mp.child("subPathExpr").s, "cannot be set for an Ephemeral Container"));
    });
  });
}

/** validateContainerCommon: what every container kind must satisfy. */
function validateContainerCommon(
  c: Container | EphemeralContainer,
  volumes: Set<string>,
  p: Path,
  spec: PodSpec,
  errs: FieldError[],
): void {
  const np = p.child("name");
  if (!c.name) errs.push(required(np.s));
  else for (const m of isDNS1123Label(c.name)) errs.push(invalid(np.s, c.name, m));
  if (!c.image) errs.push(required(p.child("image").s));
  validateEnum(
    c.terminationMessagePolicy,
    supportedTerminationMessagePolicies,
    p.child("terminationMessagePolicy"),
    errs,
  );
  validatePorts(c.ports ?? [], p.child("ports"), errs);
  validateEnv(c.env ?? [], p.child("env"), errs);
  validateEnvFrom(c.envFrom ?? [], p.child("envFrom"), errs);
  validateVolumeMounts(c.volumeMounts ?? [], volumes, p.child("volumeMounts"), errs);
  validateEnum(c.imagePullPolicy, supportedPullPolicies, p.child("imagePullPolicy"), errs);
  if (c.resources) validateResourceRequirements(c.resources, p.child("resources"), errs);
  (c.resizePolicy ?? []).forEach((rp) => {
    if (spec.restartPolicy === "Never" && rp.restartPolicy !== "NotRequired")
      errs.push(
        invalid(
          p.child("resizePolicy").s,
          rp.restartPolicy,
          "must be 'NotRequired' when `restartPolicy` is 'Never'",
        ),
      );
  });
}

function validatePorts(ports: ContainerPort[], p: Path, errs: FieldError[]): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const ip = p.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(ip.child("name").s, port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(ip.child("name").s, port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(ip.child("containerPort").s));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(ip.child("containerPort").s, port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort))
        errs.push(invalid(ip.child("hostPort").s, port.hostPort, m));
    validateEnum(port.protocol, supportedPortProtocols, ip.child("protocol"), errs);
  });
}

/** AccumulateUniqueHostPorts: a protocol/hostIP/hostPort may be used once. */
function checkHostPortConflicts(containers: Container[], p: Path, errs: FieldError[]): void {
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ""}/${port.hostIP ?? ""}/${port.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(p.index(ci).child("ports").index(pi).child("hostPort").s, key));
      else seen.add(key);
    });
  });
}

/** IsRelaxedEnvVarName: any printable ASCII but '=' (RelaxedEnvironmentVariableValidation, GA in 1.34). */
export function isEnvVarName(name: string): string[] {
  return /^[ -<>-~]+$/.test(name)
    ? []
    : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

function validateKeySelector(s: { name?: string; key?: string }, p: Path, errs: FieldError[]): void {
  for (const m of isDNS1123Subdomain(s.name ?? "")) errs.push(invalid(p.child("name").s, s.name ?? "", m));
  if (!s.key) errs.push(required(p.child("key").s));
  else for (const m of isConfigMapKey(s.key)) errs.push(invalid(p.child("key").s, s.key, m));
}

function validateObjectFieldSelector(fs: ObjectFieldSelector, p: Path, errs: FieldError[]): void {
  if (!fs.apiVersion) {
    errs.push(required(p.child("apiVersion").s));
    return;
  }
  if (!fs.fieldPath) {
    errs.push(required(p.child("fieldPath").s));
    return;
  }
  const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fs.fieldPath);
  if (m) {
    const key = m[1] === "metadata.annotations" ? m[2].toLowerCase() : m[2];
    for (const msg of isQualifiedName(key)) errs.push(invalid(p.s, key, msg));
  } else if (!envDownwardAPIFieldPaths.includes(fs.fieldPath)) {
    errs.push(notSupported(p.child("fieldPath").s, fs.fieldPath, envDownwardAPIFieldPaths));
  }
}

function validateEnv(env: EnvVar[], p: Path, errs: FieldError[]): void {
  env.forEach((e, i) => {
    const ip = p.index(i);
    if (!e.name) errs.push(required(ip.child("name").s));
    else for (const m of isEnvVarName(e.name)) errs.push(invalid(ip.child("name").s, e.name, m));
    const from = e.valueFrom;
    if (!from) return;
    const fp = ip.child("valueFrom");
    let n = 0;
    if (from.fieldRef) {
      n++;
      validateObjectFieldSelector(from.fieldRef, fp.child("fieldRef"), errs);
    }
    if (from.resourceFieldRef) {
      n++;
      if (!from.resourceFieldRef.resource)
        errs.push(required(fp.child("resourceFieldRef").child("resource").s));
    }
    if (from.configMapKeyRef) {
      n++;
      validateKeySelector(from.configMapKeyRef, fp.child("configMapKeyRef"), errs);
    }
    if (from.secretKeyRef) {
      n++;
      validateKeySelector(from.secretKeyRef, fp.child("secretKeyRef"), errs);
    }
    if (from.fileKeyRef) n++;
    if (n === 0)
      errs.push(
        invalid(
          fp.s,
          "",
          "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
      );
    else if (e.value) errs.push(invalid(fp.s, "", "may not be specified when `value` is not empty"));
    else if (n > 1) errs.push(invalid(fp.s, "", "may not have more than one field specified at a time"));
  });
}

function validateEnvFrom(envFrom: EnvFromSource[], p: Path, errs: FieldError[]): void {
  envFrom.forEach((e, i) => {
    const ip = p.index(i);
    if (e.prefix)
      for (const m of isEnvVarName(e.prefix)) errs.push(invalid(ip.child("prefix").s, e.prefix, m));
    let n = 0;
    for (const k of ["configMapRef", "secretRef"] as const) {
      const ref = e[k];
      if (!ref) continue;
      n++;
      const rp = ip.child(k).child("name");
      if (!ref.name) errs.push(required(rp.s));
      else
        for (const m of isDNS1123Subdomain(ref.name.endsWith("-") ? ref.name + "a" : ref.name))
          errs.push(invalid(rp.s, ref.name, m));
    }
    if (n === 0) errs.push(invalid(p.s, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (n > 1) errs.push(invalid(p.s, "", "may not have more than one field specified at a time"));
  });
}

function validateVolumeMounts(
  mounts: VolumeMount[],
  volumes: Set<string>,
  p: Path,
  errs: FieldError[],
): void {
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const ip = p.index(i);
    if (!m.name) errs.push(required(ip.child("name").s));
    if (!volumes.has(m.name)) errs.push(notFound(ip.child("name").s, m.name));
    if (!m.mountPath) errs.push(required(ip.child("mountPath").s));
    if (paths.has(m.mountPath)) errs.push(invalid(ip.child("mountPath").s, m.mountPath, "must be unique"));
    paths.add(m.mountPath);
    // Upstream reports subPath problems at the list's path, not the item's.
    if (m.subPath) validateLocalDescendingPath(m.subPath, p.child("subPath"), errs);
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(
          invalid(ip.child("subPathExpr").s, m.subPathExpr, "subPathExpr and subPath are mutually exclusive"),
        );
      validateLocalDescendingPath(m.subPathExpr, p.child("subPathExpr"), errs);
    }
  });
}

function validateLifecycle(l: Lifecycle, gracePeriod: number | undefined, p: Path, errs: FieldError[]): void {
  for (const k of ["postStart", "preStop"] as const) {
    const h = l[k];
    if (h) validateHandler(h, gracePeriod, p.child(k), errs);
  }
}

type Handler = {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; scheme?: string; httpHeaders?: { name: string }[] };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
  sleep?: { seconds?: number };
};

/** validateHandler: exactly one action, each well formed. */
function validateHandler(h: Handler, gracePeriod: number | undefined, p: Path, errs: FieldError[]): void {
  let n = 0;
  const more = (k: string) => errs.push(forbidden(p.child(k).s, "may not specify more than 1 handler type"));
  if (h.exec) {
    n++;
    if (!h.exec.command?.length) errs.push(required(p.child("exec").child("command").s));
  }
  if (h.httpGet) {
    if (n++ > 0) more("httpGet");
    else {
      const hp = p.child("httpGet");
      if (!h.httpGet.path) errs.push(required(hp.child("path").s));
      errs.push(...validatePortNumOrName(h.httpGet.port, hp.child("port").s));
      if (!supportedHTTPSchemes.includes(h.httpGet.scheme ?? ""))
        errs.push(notSupported(hp.child("scheme").s, h.httpGet.scheme ?? "", supportedHTTPSchemes));
    }
  }
  if (h.tcpSocket) {
    if (n++ > 0) more("tcpSocket");
    else errs.push(...validatePortNumOrName(h.tcpSocket.port, p.child("tcpSocket").child("port").s));
  }
  if (h.grpc) {
    if (n++ > 0) more("grpc");
    else errs.push(...validatePortNumOrName(h.grpc.port ?? 0, p.child("grpc").child("port").s));
  }
  if (h.sleep) {
    if (n++ > 0) more("sleep");
    else {
      const s = h.sleep.seconds ?? 0;
      const gp = gracePeriod ?? 30;
      if (s <= 0 || s > gp)
        errs.push(
          invalid(
            p.child("sleep").s,
            s,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${gp})`,
          ),
        );
    }
  }
  if (n === 0) errs.push(required(p.s, "must specify a handler type"));
}

function validateProbe(
  probe: Probe,
  gracePeriod: number | undefined,
  p: Path,
  errs: FieldError[],
  kind: "liveness" | "readiness" | "startup",
): void {
  validateHandler(probe, gracePeriod, p, errs);
  for (const k of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ] as const) {
    const v = probe[k];
    if (v !== undefined && v < 0) errs.push(invalid(p.child(k).s, v, "must be greater than or equal to 0"));
  }
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds <= 0)
    errs.push(
      invalid(
        p.child("terminationGracePeriodSeconds").s,
        probe.terminationGracePeriodSeconds,
        "must be greater than 0",
      ),
    );
  if (kind !== "readiness" && (probe.successThreshold ?? 0) !== 1)
    errs.push(invalid(p.child("successThreshold").s, probe.successThreshold ?? 0, "must be 1"));
  if (kind === "readiness" && probe.terminationGracePeriodSeconds !== undefined)
    errs.push(
      invalid(
        p.child("terminationGracePeriodSeconds").s,
        probe.terminationGracePeriodSeconds,
        "must not be set for readinessProbes",
      ),
    );
}

/** ValidateTolerations for one toleration. */
function validateToleration(t: Toleration, p: Path, errs: FieldError[]): void {
  if (t.key) for (const m of isQualifiedName(t.key)) errs.push(invalid(p.child("key").s, t.key, m));
  if (!t.key && t.operator !== "Exists")
    errs.push(
      invalid(
        p.child("operator").s,
        t.operator ?? "",
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    );
  if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute")
    errs.push(
      invalid(
        p.child("effect").s,
        t.effect ?? "",
        "effect must be 'NoExecute' when `tolerationSeconds` is set",
      ),
    );
  switch (t.operator ?? "") {
    case "Equal":
    case "": {
      const msgs = isValidLabelValue(t.value ?? "");
      if (msgs.length) errs.push(invalid(p.child("operator").s, t.value ?? "", msgs.join(";")));
      break;
    }
    case "Exists":
      if (t.value)
        errs.push(
          invalid(
            p.child("operator").s,
            // core.Toleration, the internal struct: Go field names.
            {
              Key: t.key ?? "",
              Operator: t.operator,
              Value: t.value,
              Effect: t.effect ?? "",
              TolerationSeconds: t.tolerationSeconds ?? null,
            },
            "value must be empty when `operator` is 'Exists'",
          ),
        );
      break;
    default:
      errs.push(notSupported(p.child("operator").s, t.operator, supportedTolerationOperators));
  }
  if (t.effect && !supportedTaintEffects.includes(t.effect))
    errs.push(notSupported(p.child("effect").s, t.effect, supportedTaintEffects));
}

/** The pod spec fields a pod update may change, as upstream's message lists them. */
export const updatablePodSpecFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** ValidatePodUpdate: the new spec is valid, and only the updatable fields changed. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validatePod(pod);
  const spec = pod.spec ?? { containers: [] };
  const oldSpec = old.spec ?? { containers: [] };
  const specPath = new Path("spec");
  for (const k of ["containers", "initContainers"] as const) {
    if ((spec[k] ?? []).length !== (oldSpec[k] ?? []).length) {
      errs.push(forbidden(specPath.child(k).s, "pod updates may not add or remove containers"));
      return errs;
    }
  }
  if (oldSpec.activeDeadlineSeconds !== undefined) {
    if (
      spec.activeDeadlineSeconds === undefined ||
      spec.activeDeadlineSeconds > oldSpec.activeDeadlineSeconds
    )
      errs.push(
        invalid(
          specPath.child("activeDeadlineSeconds").s,
          spec.activeDeadlineSeconds ?? null,
          "must be less than or equal to previous value",
        ),
      );
  }
  // Existing tolerations stay (only their tolerationSeconds may change); new ones may be added.
  for (const t of oldSpec.tolerations ?? []) {
    const kept = (spec.tolerations ?? []).some((n) =>
      deepEqual({ ...t, tolerationSeconds: n.tolerationSeconds }, n),
    );
    if (!kept) {
      errs.push(
        forbidden(
          specPath.child("tolerations").s,
          "existing toleration can not be modified except its tolerationSeconds",
        ),
      );
      break;
    }
  }
  if (deepEqual(spec, oldSpec)) return errs;
  // Copy the updatable fields from the old spec, then anything still different is forbidden.
  const munged = structuredClone(spec);
  munged.containers = (munged.containers ?? []).map((c, i) => ({
    ...c,
    image: oldSpec.containers[i]?.image,
  }));
  if (munged.initContainers)
    munged.initContainers = munged.initContainers.map((c, i) => ({
      ...c,
      image: oldSpec.initContainers?.[i]?.image,
    }));
  setOrDelete(munged, "activeDeadlineSeconds", oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, "schedulingGates", oldSpec.schedulingGates);
  setOrDelete(munged, "tolerations", oldSpec.tolerations);
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  if (!deepEqual(munged, oldSpec)) {
    const diff = specDiff(oldSpec, munged);
    errs.push(
      forbidden(
        specPath.s,
        `pod updates may not change fields other than ${updatablePodSpecFields.join(",")}\n${diff}`,
      ),
    );
  }
  return errs;
}

function setOrDelete<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v === undefined) delete o[k];
  else o[k] = structuredClone(v);
}

/** Structural equality of JSON values (absent and undefined are the same). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** A readable diff of two specs, one "- path: old" / "+ path: new" pair per changed leaf (upstream prints cmp.Diff). */
function specDiff(a: unknown, b: unknown, path = "spec", out: string[] = []): string {
  if (deepEqual(a, b)) return out.join("\n");
  const isObj = (v: unknown) => typeof v === "object" && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
      specDiff(ao[k], bo[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, out);
  } else {
    if (a !== undefined) out.push(`- ${path}: ${JSON.stringify(a)}`);
    if (b !== undefined) out.push(`+ ${path}: ${JSON.stringify(b)}`);
  }
  return out.join("\n");
}

/** Native resources ("cpu", "memory", "kubernetes.io/..."): requests may be below limits. */
const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string) => isNativeResource(name) && !name.startsWith("hugepages-");

/** validateResourceRequirements for a container: non-negative, requests <= limits (== for extended resources). */
export function validateResourceRequirements(r: ResourceRequirements, p: Path, errs: FieldError[]): void {
  const limPath = p.child("limits");
  const reqPath = p.child("requests");
  const checkValue = (name: string, text: string | number, fp: Path) => {
    const q = tryQuantity(text);
    if (!q) return;
    if (compareQuantities(q, 0) < 0)
      errs.push(invalid(fp.s, canonicalQuantity(q), "must be greater than or equal to 0"));
    if (!isNativeResource(name) && quantityMilliValue(q) % 1000 !== 0)
      errs.push(invalid(fp.s, canonicalQuantity(q), "must be an integer"));
  };
  const limits = r.limits ?? {};
  for (const name of Object.keys(limits).sort()) checkValue(name, limits[name], limPath.key(name));
  const requests = r.requests ?? {};
  for (const name of Object.keys(requests).sort()) {
    checkValue(name, requests[name], reqPath.key(name));
    const req = tryQuantity(requests[name]);
    const lim = name in limits ? tryQuantity(limits[name]) : undefined;
    if (name in limits) {
      if (!req || !lim) continue;
      const cmp = compareQuantities(req, lim);
      if (cmp !== 0 && !isOvercommitAllowed(name))
        errs.push(
          invalid(
            reqPath.s,
            canonicalQuantity(req),
            `must be equal to ${name} limit of ${canonicalQuantity(lim)}`,
          ),
        );
      else if (cmp > 0)
        errs.push(
          invalid(
            reqPath.s,
            canonicalQuantity(req),
            `must be less than or equal to ${name} limit of ${canonicalQuantity(lim)}`,
          ),
        );
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath.s, "Limit must be set for non overcommitable resources"));
    }
  }
}

// The Pod Security Standards checks (k8s.io/pod-security-admission/policy) as of policy version v1.32:
// each check inspects a pod's metadata and spec and returns a reason and detail when it forbids it.
// Baseline checks run for baseline and restricted; restricted checks run for restricted and replace the
// baseline checks they override. Results are ordered baseline IDs (sorted), then restricted IDs (sorted).

type Json = Record<string, any>;

export type Level = "privileged" | "baseline" | "restricted";
/** A policy version: the minor of v1.x; "latest" is the newest this server knows. */
export const latestMinor = 32;

export interface CheckResult {
  reason: string;
  detail: string;
}

interface Check {
  id: string;
  level: "baseline" | "restricted";
  /** First policy minor version the check applies to. */
  since: number;
  overrides?: string[];
  check(meta: Json, spec: Json, minor: number): CheckResult | undefined;
}

const pluralize = (one: string, many: string, n: number) => (n === 1 ? one : many);
const joinQuote = (items: string[]) => (items.length ? `"${items.join('", "')}"` : "");
const sorted = (s: Set<string>) => [...s].sort();

/** Init, regular and ephemeral containers, in upstream's visiting order. */
function containers(spec: Json): Json[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}
const isWindows = (spec: Json) => spec.os?.name === "windows";
const containersNamed = (names: string[]) =>
  `${pluralize("container", "containers", names.length)} ${joinQuote(names)}`;

const allowedCapabilities = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

const sysctlsByMinor: [number, string[]][] = [
  [
    0,
    [
      "kernel.shm_rmid_forced",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.ping_group_range",
      "net.ipv4.ip_unprivileged_port_start",
    ],
  ],
  [27, ["net.ipv4.ip_local_reserved_ports"]],
  [
    29,
    [
      "net.ipv4.tcp_keepalive_time",
      "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl",
      "net.ipv4.tcp_keepalive_probes",
    ],
  ],
  [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
];

const validSeccomp = (t: unknown) => t === "RuntimeDefault" || t === "Localhost";
const restrictedVolumeSources = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const knownVolumeTypes = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
];
const storageosKey = "storageos";

/** "pod" and/or the containers that set a bad value, joined as upstream's badSetters. */
function setters(pod: boolean, names: string[]): string[] {
  const out = pod ? ["pod"] : [];
  if (names.length) out.push(containersNamed(names));
  return out;
}

const checks: Check[] = [
  {
    id: "allowPrivilegeEscalation",
    level: "restricted",
    since: 8,
    check: (_m, spec, minor) => {
      if (minor >= 25 && isWindows(spec)) return undefined;
      const bad = containers(spec)
        .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
        .map((c) => c.name as string);
      if (!bad.length) return undefined;
      return {
        reason: "allowPrivilegeEscalation != false",
        detail: `${containersNamed(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      };
    },
  },
  {
    id: "appArmorProfile",
    level: "baseline",
    since: 0,
    check: (meta, spec) => {
      const okType = (t: unknown) => t === "RuntimeDefault" || t === "Localhost";
      const badSetters: string[] = [];
      const badValues = new Set<string>();
      const podProfile = spec.securityContext?.appArmorProfile;
      if (podProfile && !okType(podProfile.type)) {
        badSetters.push("pod");
        badValues.add(String(podProfile.type ?? ""));
      }
      const badContainers: string[] = [];
      for (const c of containers(spec)) {
        const p = c.securityContext?.appArmorProfile;
        if (p && !okType(p.type)) {
          badContainers.push(c.name);
          badValues.add(String(p.type ?? ""));
        }
      }
      if (badContainers.length) badSetters.push(containersNamed(badContainers));
      const prefix = "container.apparmor.security.beta.kubernetes.io/";
      const forbidden: string[] = [];
      for (const [k, v] of Object.entries((meta.annotations ?? {}) as Record<string, string>))
        if (k.startsWith(prefix) && !(v === "" || v === "runtime/default" || v.startsWith("localhost/")))
          forbidden.push(`${k}=${JSON.stringify(v)}`);
      const values = sorted(badValues);
      if (forbidden.length) {
        values.push(...forbidden.sort());
        badSetters.push(pluralize("annotation", "annotations", forbidden.length));
      }
      if (!badSetters.length) return undefined;
      return {
        reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length),
        detail: `${badSetters.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}`,
      };
    },
  },
  {
    id: "capabilities_baseline",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const bad: string[] = [];
      const caps = new Set<string>();
      for (const c of containers(spec)) {
        let valid = true;
        for (const cap of (c.securityContext?.capabilities?.add ?? []) as string[])
          if (!allowedCapabilities.has(cap)) {
            valid = false;
            caps.add(cap);
          }
        if (!valid) bad.push(c.name);
      }
      if (!bad.length) return undefined;
      return {
        reason: "non-default capabilities",
        detail: `${containersNamed(bad)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`,
      };
    },
  },
  {
    id: "capabilities_restricted",
    level: "restricted",
    since: 22,
    overrides: ["capabilities_baseline"],
    check: (_m, spec, minor) => {
      if (minor >= 25 && isWindows(spec)) return undefined;
      const missingDrop: string[] = [];
      const adding: string[] = [];
      const caps = new Set<string>();
      for (const c of containers(spec)) {
        const cs = c.securityContext?.capabilities;
        if (!cs) {
          missingDrop.push(c.name);
          continue;
        }
        if (!((cs.drop ?? []) as string[]).includes("ALL")) missingDrop.push(c.name);
        let added = false;
        for (const cap of (cs.add ?? []) as string[])
          if (cap !== "NET_BIND_SERVICE") {
            added = true;
            caps.add(cap);
          }
        if (added) adding.push(c.name);
      }
      const details: string[] = [];
      if (missingDrop.length)
        details.push(`${containersNamed(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
      if (adding.length)
        details.push(
          `${containersNamed(adding)} must not include ${joinQuote(sorted(caps))} in securityContext.capabilities.add`,
        );
      return details.length ? { reason: "unrestricted capabilities", detail: details.join("; ") } : undefined;
    },
  },
  {
    id: "hostNamespaces",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const ns: string[] = [];
      if (spec.hostNetwork) ns.push("hostNetwork=true");
      if (spec.hostPID) ns.push("hostPID=true");
      if (spec.hostIPC) ns.push("hostIPC=true");
      return ns.length ? { reason: "host namespaces", detail: ns.join(", ") } : undefined;
    },
  },
  {
    id: "hostPathVolumes",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const vols = ((spec.volumes ?? []) as Json[]).filter((v) => v.hostPath).map((v) => v.name as string);
      if (!vols.length) return undefined;
      return {
        reason: "hostPath volumes",
        detail: `${pluralize("volume", "volumes", vols.length)} ${joinQuote(vols)}`,
      };
    },
  },
  {
    id: "hostPorts",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const bad: string[] = [];
      const ports = new Set<string>();
      for (const c of containers(spec)) {
        let valid = true;
        for (const p of (c.ports ?? []) as Json[])
          if (p.hostPort) {
            valid = false;
            ports.add(String(p.hostPort));
          }
        if (!valid) bad.push(c.name);
      }
      if (!bad.length) return undefined;
      return {
        reason: "hostPort",
        detail: `${containersNamed(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("hostPort", "hostPorts", ports.size)} ${sorted(ports).join(", ")}`,
      };
    },
  },
  {
    id: "privileged",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const bad = containers(spec)
        .filter((c) => c.securityContext?.privileged === true)
        .map((c) => c.name as string);
      if (!bad.length) return undefined;
      return {
        reason: "privileged",
        detail: `${containersNamed(bad)} must not set securityContext.privileged=true`,
      };
    },
  },
  {
    id: "procMount",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const c of containers(spec)) {
        const pm = c.securityContext?.procMount;
        if (pm !== undefined && pm !== null && pm !== "Default") {
          bad.push(c.name);
          types.add(String(pm));
        }
      }
      if (!bad.length) return undefined;
      return {
        reason: "procMount",
        detail: `${containersNamed(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}`,
      };
    },
  },
  {
    id: "restrictedVolumes",
    level: "restricted",
    since: 0,
    overrides: ["hostPathVolumes"],
    check: (_m, spec) => {
      const bad: string[] = [];
      const types = new Set<string>();
      for (const v of (spec.volumes ?? []) as Json[]) {
        if (restrictedVolumeSources.some((k) => v[k])) continue;
        bad.push(v.name);
        const t = knownVolumeTypes.find((k) => v[k]);
        types.add(t === storageosKey ? "storageos" : (t ?? "unknown"));
      }
      if (!bad.length) return undefined;
      return {
        reason: "restricted volume types",
        detail: `${pluralize("volume", "volumes", bad.length)} ${joinQuote(bad)} ${pluralize("uses", "use", bad.length)} ${pluralize("restricted volume type", "restricted volume types", types.size)} ${joinQuote(sorted(types))}`,
      };
    },
  },
  {
    id: "runAsNonRoot",
    level: "restricted",
    since: 0,
    check: (_m, spec) => {
      const badSetters: string[] = [];
      let podNonRoot = false;
      const podValue = spec.securityContext?.runAsNonRoot;
      if (podValue === false) badSetters.push("pod");
      else if (podValue === true) podNonRoot = true;
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containers(spec)) {
        const v = c.securityContext?.runAsNonRoot;
        if (v !== undefined && v !== null) {
          if (!v) explicit.push(c.name);
        } else if (!podNonRoot) implicit.push(c.name);
      }
      if (explicit.length) badSetters.push(containersNamed(explicit));
      if (badSetters.length)
        return {
          reason: "runAsNonRoot != true",
          detail: `${badSetters.join(" and ")} must not set securityContext.runAsNonRoot=false`,
        };
      if (implicit.length)
        return {
          reason: "runAsNonRoot != true",
          detail: `pod or ${containersNamed(implicit)} must set securityContext.runAsNonRoot=true`,
        };
      return undefined;
    },
  },
  {
    id: "runAsUser",
    level: "restricted",
    since: 23,
    check: (_m, spec) => {
      const bad = setters(
        spec.securityContext?.runAsUser === 0,
        containers(spec)
          .filter((c) => c.securityContext?.runAsUser === 0)
          .map((c) => c.name as string),
      );
      return bad.length
        ? { reason: "runAsUser=0", detail: `${bad.join(" and ")} must not set runAsUser=0` }
        : undefined;
    },
  },
  {
    id: "seLinuxOptions",
    level: "baseline",
    since: 0,
    check: (_m, spec, minor) => {
      const allowed = new Set(["", "container_t", "container_init_t", "container_kvm_t"]);
      if (minor >= 31) allowed.add("container_engine_t");
      const badTypes = new Set<string>();
      let setUser = false;
      let setRole = false;
      const valid = (o: Json) => {
        let ok = true;
        if (!allowed.has(o.type ?? "")) {
          ok = false;
          badTypes.add(o.type);
        }
        if (o.user) {
          ok = false;
          setUser = true;
        }
        if (o.role) {
          ok = false;
          setRole = true;
        }
        return ok;
      };
      const podBad = spec.securityContext?.seLinuxOptions
        ? !valid(spec.securityContext.seLinuxOptions)
        : false;
      const bad = containers(spec)
        .filter((c) => c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions))
        .map((c) => c.name as string);
      const who = setters(podBad, bad);
      if (!who.length) return undefined;
      const data: string[] = [];
      if (badTypes.size)
        data.push(`${pluralize("type", "types", badTypes.size)} ${joinQuote(sorted(badTypes))}`);
      if (setUser) data.push("user may not be set");
      if (setRole) data.push("role may not be set");
      return {
        reason: "seLinuxOptions",
        detail: `${who.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}`,
      };
    },
  },
  {
    id: "seccompProfile_baseline",
    level: "baseline",
    since: 19,
    check: (_m, spec) => {
      const values = new Set<string>();
      const podP = spec.securityContext?.seccompProfile;
      const podBad = !!podP && !validSeccomp(podP.type);
      if (podBad) values.add(String(podP.type ?? ""));
      const bad: string[] = [];
      for (const c of containers(spec)) {
        const p = c.securityContext?.seccompProfile;
        if (p && !validSeccomp(p.type)) {
          bad.push(c.name);
          values.add(String(p.type ?? ""));
        }
      }
      const who = setters(podBad, bad);
      if (!who.length) return undefined;
      return {
        reason: "seccompProfile",
        detail: `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}`,
      };
    },
  },
  {
    id: "seccompProfile_restricted",
    level: "restricted",
    since: 19,
    overrides: ["seccompProfile_baseline"],
    check: (_m, spec, minor) => {
      if (minor >= 25 && isWindows(spec)) return undefined;
      const values = new Set<string>();
      const podP = spec.securityContext?.seccompProfile;
      let podSet = false;
      let podBad = false;
      if (podP) {
        if (!validSeccomp(podP.type)) {
          podBad = true;
          values.add(String(podP.type ?? ""));
        } else podSet = true;
      }
      const explicit: string[] = [];
      const implicit: string[] = [];
      for (const c of containers(spec)) {
        const p = c.securityContext?.seccompProfile;
        if (p) {
          if (!validSeccomp(p.type)) {
            explicit.push(c.name);
            values.add(String(p.type ?? ""));
          }
        } else if (!podSet) implicit.push(c.name);
      }
      const who = setters(podBad, explicit);
      if (who.length)
        return {
          reason: "seccompProfile",
          detail: `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(values))}`,
        };
      if (implicit.length)
        return {
          reason: "seccompProfile",
          detail: `pod or ${containersNamed(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        };
      return undefined;
    },
  },
  {
    id: "sysctls",
    level: "baseline",
    since: 0,
    check: (_m, spec, minor) => {
      const allowed = new Set(sysctlsByMinor.filter(([m]) => m <= minor).flatMap(([, s]) => s));
      const bad = ((spec.securityContext?.sysctls ?? []) as Json[])
        .map((s) => s.name as string)
        .filter((n) => !allowed.has(n));
      return bad.length ? { reason: "forbidden sysctls", detail: bad.join(", ") } : undefined;
    },
  },
  {
    id: "windowsHostProcess",
    level: "baseline",
    since: 0,
    check: (_m, spec) => {
      const who = setters(
        spec.securityContext?.windowsOptions?.hostProcess === true,
        containers(spec)
          .filter((c) => c.securityContext?.windowsOptions?.hostProcess === true)
          .map((c) => c.name as string),
      );
      if (!who.length) return undefined;
      return {
        reason: "hostProcess",
        detail: `${who.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true`,
      };
    },
  },
];

const byId = (a: Check, b: Check) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const ordered = [
  ...checks.filter((c) => c.level === "baseline").sort(byId),
  ...checks.filter((c) => c.level === "restricted").sort(byId),
];

/** The failed checks of a pod at a level and policy version (minor), in upstream's order. */
export function evaluatePod(level: Level, minor: number, meta: Json, spec: Json): CheckResult[] {
  if (level === "privileged") return [];
  const active = ordered.filter(
    (c) => c.since <= minor && (level === "restricted" || c.level === "baseline"),
  );
  const overridden = new Set(level === "restricted" ? active.flatMap((c) => c.overrides ?? []) : []);
  const out: CheckResult[] = [];
  for (const c of active) {
    if (overridden.has(c.id)) continue;
    const r = c.check(meta, spec, minor);
    if (r) out.push(r);
  }
  return out;
}

/** upstream AggregateCheckResult.ForbiddenDetail: "reason (detail), reason (detail)". */
export const forbiddenDetail = (results: CheckResult[]) =>
  results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(", ");
/** upstream AggregateCheckResult.ForbiddenReason: the reasons alone. */
export const forbiddenReason = (results: CheckResult[]) => results.map((r) => r.reason).join(", ");

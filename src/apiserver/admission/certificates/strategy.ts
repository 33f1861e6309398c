// The CertificateSigningRequest strategy's user-dependent parts (pkg/registry/certificates/certificates/
// strategy.go), run as an always-on admission step because they need the request's user: on create the
// requester's username, uid, groups and extra are written into spec; /status may not add or remove
// Approved/Denied; /approval may change only those (not the certificate or Failed).
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;
const isCsr = (a: Attributes) =>
  a.resource.group === "certificates.k8s.io" && a.resource.plural === "certificatesigningrequests";

const conditionsOf = (o: Json | undefined, types: string[]) =>
  JSON.stringify(((o?.status?.conditions ?? []) as Json[]).filter((c) => types.includes(c.type)));

export function certificateSigningRequestStrategy(): AdmissionPlugin {
  return {
    name: "CertificateSigningRequestStrategy",
    admit(a) {
      if (!isCsr(a) || !a.object) return;
      const csr = a.object as Json;
      if (a.operation === "CREATE") {
        const spec = (csr.spec ??= {}) as Json;
        spec.username = a.user.username;
        if (a.user.uid) spec.uid = a.user.uid;
        else delete spec.uid;
        spec.groups = [...a.user.groups];
        if (a.user.extra && Object.keys(a.user.extra).length) spec.extra = a.user.extra;
        else delete spec.extra;
        return;
      }
      if (a.operation !== "UPDATE" || !a.oldObject) return;
      const old = a.oldObject as Json;
      if (
        a.subresource === "status" &&
        conditionsOf(csr, ["Approved", "Denied"]) !== conditionsOf(old, ["Approved", "Denied"])
      ) {
        // upstream's status strategy keeps the old Approved/Denied conditions
        const keep = ((old.status?.conditions ?? []) as Json[]).filter(
          (c) => c.type === "Approved" || c.type === "Denied",
        );
        const rest = ((csr.status?.conditions ?? []) as Json[]).filter(
          (c) => c.type !== "Approved" && c.type !== "Denied",
        );
        (csr.status ??= {}).conditions = [...keep, ...rest];
      }
      if (a.subresource === "approval") {
        // the approval strategy keeps the certificate and every condition but Approved/Denied
        const approvals = ((csr.status?.conditions ?? []) as Json[]).filter(
          (c) => c.type === "Approved" || c.type === "Denied",
        );
        const others = ((old.status?.conditions ?? []) as Json[]).filter(
          (c) => c.type !== "Approved" && c.type !== "Denied",
        );
        csr.status = { ...(old.status ?? {}), conditions: [...approvals, ...others] };
        if (!csr.status.conditions.length) delete csr.status.conditions;
      }
      // lastUpdateTime/lastTransitionTime default to now for new conditions (upstream populateConditionTimestamps)
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      const before = new Map(((old.status?.conditions ?? []) as Json[]).map((c) => [c.type, c]));
      for (const c of (csr.status?.conditions ?? []) as Json[]) {
        c.lastUpdateTime ??= now;
        const prev = before.get(c.type);
        if (!c.lastTransitionTime)
          c.lastTransitionTime = prev && prev.status === c.status ? (prev.lastTransitionTime ?? now) : now;
      }
    },
  };
}

// Affinity validation as upstream's validateAffinity (pkg/apis/core/validation/validation.go):
// node selector requirements, weights and pod affinity terms.
import { type FieldError, Path, required, invalid, forbidden } from "../../validation/field.js";
import { isQualifiedName, isValidLabelValue } from "../../validation/names.js";
import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm, PodAffinityTerm } from "./affinity.js";

/** validateNodeSelectorRequirement: operator-specific rules for values. */
function validateNodeSelectorRequirement(
  rq: NodeSelectorRequirement,
  p: Path,
  errs: FieldError[],
  field = false,
): void {
  const values = rq.values ?? [];
  switch (rq.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(p.child("values").s, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0)
        errs.push(
          forbidden(
            p.child("values").s,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1)
        errs.push(
          required(p.child("values").s, "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      break;
    default:
      errs.push(invalid(p.child("operator").s, rq.operator, "not a valid selector operator"));
  }
  if (field) {
    // matchFields only supports metadata.name with In/NotIn and one value.
    if (rq.key !== "metadata.name")
      errs.push(invalid(p.child("key").s, rq.key, "not a valid field selector key"));
  } else {
    for (const m of isQualifiedName(rq.key ?? "")) errs.push(invalid(p.child("key").s, rq.key, m));
  }
}

function validateNodeSelectorTerm(t: NodeSelectorTerm, p: Path, errs: FieldError[]): void {
  (t.matchExpressions ?? []).forEach((rq, i) =>
    validateNodeSelectorRequirement(rq, p.child("matchExpressions").index(i), errs),
  );
  (t.matchFields ?? []).forEach((rq, i) =>
    validateNodeSelectorRequirement(rq, p.child("matchFields").index(i), errs, true),
  );
}

function validateWeight(w: number | undefined, p: Path, errs: FieldError[]): void {
  if (w === undefined || w < 1 || w > 100) errs.push(invalid(p.s, w ?? 0, "must be in the range 1-100"));
}

function validatePodAffinityTerm(t: PodAffinityTerm, p: Path, errs: FieldError[]): void {
  if (!t.topologyKey) errs.push(required(p.child("topologyKey").s, "can not be empty"));
  else
    for (const m of isQualifiedName(t.topologyKey))
      errs.push(invalid(p.child("topologyKey").s, t.topologyKey, m));
  for (const [k, v] of Object.entries(t.labelSelector?.matchLabels ?? {})) {
    const lp = p.child("labelSelector").child("matchLabels");
    for (const m of isQualifiedName(k)) errs.push(invalid(lp.s, k, m));
    for (const m of isValidLabelValue(v)) errs.push(invalid(lp.s, v, m));
  }
}

export function validateAffinity(a: Affinity | undefined, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!a) return errs;
  const na = a.nodeAffinity;
  if (na) {
    const np = p.child("nodeAffinity");
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const rp = np.child("requiredDuringSchedulingIgnoredDuringExecution");
      if (!req.nodeSelectorTerms?.length)
        errs.push(required(rp.child("nodeSelectorTerms").s, "must have at least one node selector term"));
      (req.nodeSelectorTerms ?? []).forEach((t, i) =>
        validateNodeSelectorTerm(t, rp.child("nodeSelectorTerms").index(i), errs),
      );
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = np.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      validateWeight(t.weight, tp.child("weight"), errs);
      validateNodeSelectorTerm(t.preference ?? {}, tp.child("preference"), errs);
    });
  }
  for (const kind of ["podAffinity", "podAntiAffinity"] as const) {
    const pa = a[kind];
    if (!pa) continue;
    const kp = p.child(kind);
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
      validatePodAffinityTerm(t, kp.child("requiredDuringSchedulingIgnoredDuringExecution").index(i), errs),
    );
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = kp.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
      validateWeight(t.weight, tp.child("weight"), errs);
      validatePodAffinityTerm(t.podAffinityTerm ?? { topologyKey: "" }, tp.child("podAffinityTerm"), errs);
    });
  }
  return errs;
}

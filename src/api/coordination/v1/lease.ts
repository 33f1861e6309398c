// leases.coordination.k8s.io: what node heartbeats and leader election write.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, forbidden, invalid, notSupported } from "../../validation/field.js";
import { isQualifiedName } from "../../validation/names.js";
import { Lease } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = Lease & KubeObject;

const validLeaseStrategies = ["OldestEmulationVersion"];

/** ValidateCoordinatedLeaseStrategy; upstream nests the child path twice ("spec.strategy.strategy"). */
function validateStrategy(strategy: string, path: string): FieldError[] {
  const p = `${path}.strategy`;
  if (!strategy.includes("/"))
    return validLeaseStrategies.includes(strategy) ? [] : [notSupported(p, strategy, validLeaseStrategies)];
  return isQualifiedName(strategy).map((m) => invalid(p, strategy, m));
}

export function validateLease(obj: Lease): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj.spec ?? {};
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0)
    errs.push(invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0)
    errs.push(invalid("spec.leaseTransitions", spec.leaseTransitions, "must be greater than or equal to 0"));
  if (spec.strategy !== undefined) errs.push(...validateStrategy(spec.strategy, "spec.strategy"));
  if (spec.preferredHolder && !spec.strategy)
    errs.push(forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
  return errs;
}

export const leases: ResourceType<Obj> = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  plural: "leases",
  singular: "lease",
  namespaced: true,
  schema: Lease,
  validate: validateLease,
  printerColumns: [
    nameColumn,
    {
      name: "Holder",
      type: "string",
      description: "holderIdentity contains the identity of the holder of a current lease.",
      priority: 0,
      cell: (o: Obj) => o.spec?.holderIdentity ?? "",
    },
    ageColumn,
  ],
};

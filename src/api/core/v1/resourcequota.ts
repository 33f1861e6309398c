// ResourceQuota: the kind and its `resourcequotas` resource (strategy, ValidateResourceQuota, columns).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, AtomicList } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import type { ResourceType } from "../../registry.js";
import { type FieldError, invalid, required } from "../../validation/field.js";
import { defaultResourceList, tryQuantity, formatQuantity } from "../../resource/quantity.js";
import { ResourceList } from "./resources.js";
import {
  validateResourceQuotaResourceName,
  validateResourceQuantityValue,
  isStandardQuotaResourceName,
} from "./resource-names.js";
import { nameColumn, ageColumn } from "./columns.js";

export const ScopedResourceSelectorRequirement = Struct(
  {
    scopeName: Type.String({ description: "The name of the scope that the selector applies to." }),
    operator: Type.String({ description: "Represents a scope's relationship to a set of values." }),
    values: AtomicList(Type.String(), { description: "An array of string values." }),
  },
  {
    $id: "io.k8s.api.core.v1.ScopedResourceSelectorRequirement",
    required: ["scopeName", "operator"],
    description:
      "A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.",
    "x-proto": { scopeName: 1, operator: 2, values: 3 },
  },
);
export type ScopedResourceSelectorRequirement = Static<typeof ScopedResourceSelectorRequirement>;

export const ScopeSelector = Struct(
  {
    matchExpressions: AtomicList(ScopedResourceSelectorRequirement, {
      description: "A list of scope selector requirements by scope of the resources.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ScopeSelector",
    description:
      "A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.",
    "x-proto": { matchExpressions: 1 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type ScopeSelector = Static<typeof ScopeSelector>;

export const ResourceQuotaSpec = Struct(
  {
    hard: ResourceList({ description: "hard is the set of desired hard limits for each named resource." }),
    scopes: AtomicList(Type.String(), {
      description: "A collection of filters that must match each object tracked by a quota.",
    }),
    scopeSelector: Field(
      ScopeSelector,
      "scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota but expressed using ScopeSelectorOperator in combination with possible values.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceQuotaSpec",
    description: "ResourceQuotaSpec defines the desired hard limits to enforce for Quota.",
    "x-proto": { hard: 1, scopes: 2, scopeSelector: 3 },
  },
);
export type ResourceQuotaSpec = Static<typeof ResourceQuotaSpec>;

export const ResourceQuotaStatus = Struct(
  {
    hard: ResourceList({ description: "Hard is the set of enforced hard limits for each named resource." }),
    used: ResourceList({
      description: "Used is the current observed total usage of the resource in the namespace.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceQuotaStatus",
    description: "ResourceQuotaStatus defines the enforced hard limits and observed use.",
    "x-proto": { hard: 1, used: 2 },
  },
);
export type ResourceQuotaStatus = Static<typeof ResourceQuotaStatus>;

export const ResourceQuota = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(ResourceQuotaSpec, "Spec defines the desired quota."),
    status: Field(ResourceQuotaStatus, "Status defines the actual enforced quota and its current usage."),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceQuota",
    description: "ResourceQuota sets aggregate quota restrictions enforced per namespace",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type ResourceQuota = Static<typeof ResourceQuota> & KubeObject;

const standardScopes = new Set([
  "Terminating",
  "NotTerminating",
  "BestEffort",
  "NotBestEffort",
  "PriorityClass",
  "CrossNamespacePodAffinity",
  "VolumeAttributesClass",
]);
const podCompute = new Set([
  "cpu",
  "memory",
  "limits.cpu",
  "limits.memory",
  "requests.cpu",
  "requests.memory",
]);

/** IsResourceQuotaScopeValidForResource: which resources a scope can constrain. */
function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case "Terminating":
    case "NotTerminating":
    case "NotBestEffort":
    case "PriorityClass":
      return resource === "pods" || podCompute.has(resource);
    case "BestEffort":
    case "CrossNamespacePodAffinity":
      return resource === "pods";
    case "VolumeAttributesClass":
      return resource === "persistentvolumeclaims" || resource === "requests.storage";
    default:
      return true;
  }
}

const conflictingScopes = [
  ["BestEffort", "NotBestEffort"],
  ["Terminating", "NotTerminating"],
];
const existsOnlyScopes = new Set([
  "BestEffort",
  "NotBestEffort",
  "Terminating",
  "NotTerminating",
  "CrossNamespacePodAffinity",
]);

function validateResourceList(list: Record<string, string | number> | undefined, path: string): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([k, v]) => [
    ...validateResourceQuotaResourceName(k, `${path}[${k}]`),
    ...validateResourceQuantityValue(k, v, `${path}[${k}]`),
  ]);
}

/** ValidateResourceQuotaSpec: hard limits, scopes and the scope selector. */
export function validateResourceQuotaSpec(spec: ResourceQuotaSpec | undefined): FieldError[] {
  const errs = validateResourceList(spec?.hard, "spec.hard");
  const hard = Object.keys(spec?.hard ?? {}).sort();
  const scopes = spec?.scopes ?? [];
  if (scopes.length) {
    const seen = new Set<string>();
    for (const scope of scopes) {
      if (!standardScopes.has(scope)) errs.push(invalid("spec.scopes", scopes, "unsupported scope"));
      for (const k of hard)
        if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k))
          errs.push(invalid("spec.scopes", scopes, "unsupported scope applied to resource"));
      seen.add(scope);
    }
    for (const pair of conflictingScopes)
      if (pair.every((s) => seen.has(s))) errs.push(invalid("spec.scopes", scopes, "conflicting scopes"));
  }
  if (spec?.scopeSelector) {
    const path = "spec.scopeSelector.matchExpressions";
    const seen = new Set<string>();
    for (const req of spec.scopeSelector.matchExpressions ?? []) {
      if (!standardScopes.has(req.scopeName))
        errs.push(invalid(`${path}.scopeName`, req.scopeName, "unsupported scope"));
      for (const k of hard)
        if (isStandardQuotaResourceName(k) && !scopeValidForResource(req.scopeName, k))
          errs.push(invalid(path, spec.scopeSelector, "unsupported scope applied to resource"));
      if (existsOnlyScopes.has(req.scopeName) && req.operator !== "Exists")
        errs.push(
          invalid(
            `${path}.operator`,
            req.operator,
            "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
          ),
        );
      const values = req.values ?? [];
      switch (req.operator) {
        case "In":
        case "NotIn":
          if (values.length === 0)
            errs.push(
              required(
                `${path}.values`,
                "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
              ),
            );
          break;
        case "Exists":
        case "DoesNotExist":
          if (values.length !== 0)
            errs.push(
              invalid(
                `${path}.values`,
                values,
                "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
              ),
            );
          break;
        default:
          errs.push(invalid(`${path}.operator`, req.operator, "not a valid selector operator"));
      }
      seen.add(req.scopeName);
    }
    for (const pair of conflictingScopes)
      if (pair.every((s) => seen.has(s))) errs.push(invalid(path, scopes, "conflicting scopes"));
  }
  return errs;
}

/** ValidateResourceQuotaStatus (also used for resourcequotas/status writes). */
export function validateResourceQuotaStatus(status: ResourceQuotaStatus | undefined): FieldError[] {
  return [
    ...validateResourceList(status?.hard, "status.hard"),
    ...validateResourceList(status?.used, "status.used"),
  ];
}

/** ValidateResourceQuotaUpdate: the spec is valid and its scopes did not change. */
export function validateResourceQuotaUpdate(rq: ResourceQuota, old: ResourceQuota): FieldError[] {
  const errs = validateResourceQuotaSpec(rq.spec);
  const was = new Set(old.spec?.scopes ?? []);
  const now = new Set(rq.spec?.scopes ?? []);
  if (was.size !== now.size || [...was].some((s) => !now.has(s)))
    errs.push(invalid("spec.scopes", rq.spec?.scopes ?? null, "field is immutable"));
  return errs;
}

/** printResourceQuota's REQUEST/LIMIT cells: "used/hard" per resource, limits.* in the second. */
export function resourceQuotaCells(rq: ResourceQuota): { request: string; limit: string } {
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${quantityCell(used[name])}/${quantityCell(hard[name])}`;
    (name.split(".")[0] === "limits" && name.includes(".") ? limit : request).push(cell);
  }
  return { request: request.join(", "), limit: limit.join(", ") };
}

const quantityCell = (q: string | number | undefined) => {
  if (q === undefined) return "0";
  const parsed = tryQuantity(q);
  return parsed ? formatQuantity(parsed) : String(q);
};

export const resourceQuotas: ResourceType<ResourceQuota> = {
  group: "",
  version: "v1",
  kind: "ResourceQuota",
  plural: "resourcequotas",
  singular: "resourcequota",
  namespaced: true,
  shortNames: ["quota"],
  schema: ResourceQuota,
  status: true,
  defaults: (rq) => {
    defaultResourceList(rq.spec?.hard);
    defaultResourceList(rq.status?.hard);
    defaultResourceList(rq.status?.used);
  },
  prepareForCreate: (rq) => {
    // The quota controller owns status; a new quota starts with an empty one.
    rq.status = {};
  },
  prepareForUpdate: (rq, old) => {
    rq.status = old.status;
  },
  validate: (rq) => [...validateResourceQuotaSpec(rq.spec), ...validateResourceQuotaStatus(rq.status)],
  validateUpdate: validateResourceQuotaUpdate,
  printerColumns: [
    nameColumn,
    ageColumn,
    {
      name: "Request",
      type: "string",
      priority: 0,
      description: "Request represents a minimum amount of cpu/memory that a container may consume.",
      cell: (rq: ResourceQuota) => resourceQuotaCells(rq).request,
    },
    {
      name: "Limit",
      type: "string",
      priority: 0,
      description:
        "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
      cell: (rq: ResourceQuota) => resourceQuotaCells(rq).limit,
    },
  ],
};

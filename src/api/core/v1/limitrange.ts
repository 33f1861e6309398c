// LimitRange: the kind and its `limitranges` resource (defaults per SetDefaults_LimitRangeItem, ValidateLimitRange).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, AtomicList } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import type { ResourceType, PrinterColumn } from "../../registry.js";
import { type FieldError, invalid, required, forbidden, duplicate } from "../../validation/field.js";
import {
  canonicalQuantity,
  compareQuantities,
  quantityMilliValue,
  defaultResourceList,
  tryQuantity,
} from "../../resource/quantity.js";
import { ResourceList } from "./resources.js";
import {
  validateLimitRangeTypeName,
  validateLimitRangeResourceName,
  isOvercommitAllowed,
} from "./resource-names.js";
import { nameColumn } from "./columns.js";

export const LimitRangeItem = Struct(
  {
    type: Type.String({ description: "Type of resource that this limit applies to." }),
    max: ResourceList({ description: "Max usage constraints on this kind by resource name." }),
    min: ResourceList({ description: "Min usage constraints on this kind by resource name." }),
    default: ResourceList({
      description: "Default resource requirement limit value by resource name if resource limit is omitted.",
    }),
    defaultRequest: ResourceList({
      description:
        "DefaultRequest is the default resource requirement request value by resource name if resource request is omitted.",
    }),
    maxLimitRequestRatio: ResourceList({
      description:
        "MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value; this represents the max burst for the named resource.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.LimitRangeItem",
    required: ["type"],
    description: "LimitRangeItem defines a min/max usage limit for any resource that matches on kind.",
    "x-proto": { type: 1, max: 2, min: 3, default: 4, defaultRequest: 5, maxLimitRequestRatio: 6 },
  },
);
export type LimitRangeItem = Static<typeof LimitRangeItem>;

export const LimitRangeSpec = Struct(
  {
    limits: AtomicList(LimitRangeItem, {
      description: "Limits is the list of LimitRangeItem objects that are enforced.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.LimitRangeSpec",
    required: ["limits"],
    description: "LimitRangeSpec defines a min/max usage limit for resources that match on kind.",
    "x-proto": { limits: 1 },
  },
);
export type LimitRangeSpec = Static<typeof LimitRangeSpec>;

export const LimitRange = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      LimitRangeSpec,
      "Spec defines the limits enforced. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.LimitRange",
    description: "LimitRange sets resource usage limits for each kind of resource in a Namespace.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);
export type LimitRange = Static<typeof LimitRange> & KubeObject;

/** SetDefaults_LimitRangeItem: container defaults fall back to max, requests to the default or min. */
export function defaultLimitRangeItem(item: LimitRangeItem): void {
  for (const list of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio])
    defaultResourceList(list);
  if (item.type !== "Container") return;
  const def = (item.default ??= {});
  const defReq = (item.defaultRequest ??= {});
  for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
}

type Q = string | number;
const str = (q: Q) => canonicalQuantity(typeof q === "string" ? q.trim() : q);
/** The entries that are quantities (anything else is rejected when the body is decoded). */
const quantities = (list: Record<string, Q> | undefined): Record<string, Q> =>
  Object.fromEntries(Object.entries(list ?? {}).filter(([, v]) => tryQuantity(v) !== undefined));

/** The API server's default table column for kinds without a printer. */
const createdAtColumn: PrinterColumn = {
  name: "Created At",
  type: "date",
  priority: 0,
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.",
  cell: (o: LimitRange) => o.metadata?.creationTimestamp ?? "",
};

/** ValidateLimitRange (metadata is checked by the API server). */
export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  (lr.spec?.limits ?? []).forEach((limit, i) => {
    const p = `spec.limits[${i}]`;
    errs.push(...validateLimitRangeTypeName(limit.type, `${p}.type`));
    if (seenTypes.has(limit.type)) errs.push(duplicate(`${p}.type`, limit.type));
    seenTypes.add(limit.type);
    const keys = new Set<string>();
    const lists: Record<string, Record<string, Q>> = {
      max: quantities(limit.max),
      min: quantities(limit.min),
      default: {},
      defaultRequest: {},
      maxLimitRequestRatio: quantities(limit.maxLimitRequestRatio),
    };
    const names = (field: string, list: Record<string, Q> | undefined) => {
      for (const k of Object.keys(list ?? {})) {
        errs.push(...validateLimitRangeResourceName(limit.type, k, `${p}.${field}[${k}]`));
        keys.add(k);
      }
    };
    names("max", limit.max);
    names("min", limit.min);
    if (limit.type === "Pod") {
      if (Object.keys(limit.default ?? {}).length)
        errs.push(forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
      if (Object.keys(limit.defaultRequest ?? {}).length)
        errs.push(forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
    } else {
      names("default", limit.default);
      names("defaultRequest", limit.defaultRequest);
      lists.default = quantities(limit.default);
      lists.defaultRequest = quantities(limit.defaultRequest);
    }
    if (
      limit.type === "PersistentVolumeClaim" &&
      !("storage" in (limit.min ?? {})) &&
      !("storage" in (limit.max ?? {}))
    )
      errs.push(
        required(
          `${p}.limits`,
          "either minimum or maximum storage value is required, but neither was provided",
        ),
      );
    names("maxLimitRequestRatio", limit.maxLimitRequestRatio);
    for (const k of keys) {
      const min = lists.min[k];
      const max = lists.max[k];
      const def = lists.default[k];
      const defReq = lists.defaultRequest[k];
      const ratio = lists.maxLimitRequestRatio[k];
      const gt = (a: Q | undefined, b: Q | undefined) =>
        a !== undefined && b !== undefined && compareQuantities(a, b) > 0;
      if (gt(min, max))
        errs.push(
          invalid(`${p}.min[${k}]`, str(min), `min value ${str(min)} is greater than max value ${str(max)}`),
        );
      if (gt(min, defReq))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            str(defReq),
            `min value ${str(min)} is greater than default request value ${str(defReq)}`,
          ),
        );
      if (gt(defReq, max))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            str(defReq),
            `default request value ${str(defReq)} is greater than max value ${str(max)}`,
          ),
        );
      if (gt(defReq, def))
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            str(defReq),
            `default request value ${str(defReq)} is greater than default limit value ${str(def)}`,
          ),
        );
      if (gt(min, def))
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            str(min),
            `min value ${str(min)} is greater than default value ${str(def)}`,
          ),
        );
      if (gt(def, max))
        errs.push(
          invalid(
            `${p}.default[${k}]`,
            str(max),
            `default value ${str(def)} is greater than max value ${str(max)}`,
          ),
        );
      if (ratio !== undefined && compareQuantities(ratio, 1) < 0)
        errs.push(
          invalid(`${p}.maxLimitRequestRatio[${k}]`, str(ratio), `ratio ${str(ratio)} is less than 1`),
        );
      if (ratio !== undefined && min !== undefined && max !== undefined) {
        // Milli precision (as upstream) when everything fits; the limit printed as Go's %f.
        const ratioValue = quantityMilliValue(ratio) / 1000;
        const limit = quantityMilliValue(max) / quantityMilliValue(min);
        if (ratioValue > limit)
          errs.push(
            invalid(
              `${p}.maxLimitRequestRatio[${k}]`,
              str(ratio),
              `ratio ${str(ratio)} is greater than max/min = ${limit.toFixed(6)}`,
            ),
          );
      }
      if (
        !isOvercommitAllowed(k) &&
        def !== undefined &&
        defReq !== undefined &&
        compareQuantities(def, defReq) !== 0
      )
        errs.push(
          invalid(
            `${p}.defaultRequest[${k}]`,
            str(defReq),
            `default value ${str(def)} must equal to defaultRequest value ${str(defReq)} in ${k}`,
          ),
        );
    }
  });
  return errs;
}

export const limitRanges: ResourceType<LimitRange> = {
  group: "",
  version: "v1",
  kind: "LimitRange",
  plural: "limitranges",
  singular: "limitrange",
  namespaced: true,
  shortNames: ["limits"],
  schema: LimitRange,
  defaults: (lr) => {
    for (const item of lr.spec?.limits ?? []) defaultLimitRangeItem(item);
  },
  validate: validateLimitRange,
  // LimitRange has no printer upstream: the API server's default table (Name, Created At).
  printerColumns: [nameColumn, createdAtColumn],
};

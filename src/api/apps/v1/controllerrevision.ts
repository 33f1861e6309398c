// apps/v1 controllerrevisions (pkg/registry/apps/controllerrevision/strategy.go): immutable snapshots of
// a controller's template. Upstream sets no generation and has no status for them.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required } from "../../validation/field.js";
import { ControllerRevision } from "./types.js";
import { validateNonnegative, validateImmutable } from "../../validation/fieldrules.js";
import { nameColumn, ageColumn } from "./columns.js";

type ControllerRevisionObject = ControllerRevision & KubeObject;

/** ValidateControllerRevision */
export function validateControllerRevision(cr: ControllerRevisionObject): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(required("data", "data is mandatory"));
  errs.push(...validateNonnegative(cr.revision, "revision"));
  return errs;
}

/** The CONTROLLER cell: "<kind>.<group>/<name>" of the controlling owner, lower-cased kind (formatResourceName). */
export function controllerOf(cr: ControllerRevisionObject): string {
  const ref = (cr.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return "<none>";
  const slash = ref.apiVersion.indexOf("/");
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : "";
  const groupKind = group ? `${ref.kind}.${group}` : ref.kind;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

export const controllerrevisions: ResourceType<ControllerRevisionObject> = {
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  plural: "controllerrevisions",
  singular: "controllerrevision",
  namespaced: true,
  schema: ControllerRevision,
  validate: validateControllerRevision,
  validateUpdate: (cr, old) => [
    ...validateControllerRevision(cr),
    ...validateImmutable(cr.data, old.data, "data"),
  ],
  printerColumns: [
    nameColumn,
    {
      name: "Controller",
      type: "string",
      description: "Controller of the object with link to it.",
      priority: 0,
      cell: controllerOf,
    },
    {
      name: "Revision",
      type: "integer",
      description: "Revision indicates the revision of the state represented by Data.",
      priority: 0,
      cell: (cr: ControllerRevisionObject) => cr.revision ?? 0,
    },
    ageColumn,
  ],
};

// ingressclasses.networking.k8s.io: cluster-scoped; parameters.scope defaults to Cluster; controller immutable.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from "../../validation/field.js";
import { isDNS1123Label, isDNS1123Subdomain, nameIsPathSegment } from "../../validation/names.js";
import { isDomainPrefixedPath } from "../../validation/hostnames.js";
import { IngressClass } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = IngressClass & KubeObject;

const maxLenIngressClassController = 250;
const scopes = ["Cluster", "Namespace"];

export function validateIngressClass(obj: IngressClass): FieldError[] {
  const errs: FieldError[] = [];
  const controller = obj.spec?.controller ?? "";
  if (controller.length === 0) errs.push(required("spec.controller"));
  else {
    if (controller.length > maxLenIngressClassController)
      errs.push(tooLong("spec.controller", "", maxLenIngressClassController));
    errs.push(...isDomainPrefixedPath("spec.controller", controller));
  }
  const params = obj.spec?.parameters;
  if (params) {
    const p = "spec.parameters";
    if (params.apiGroup !== undefined)
      for (const m of isDNS1123Subdomain(params.apiGroup))
        errs.push(invalid(`${p}.apiGroup`, params.apiGroup, m));
    if (!params.kind) errs.push(required(`${p}.kind`));
    else
      for (const m of nameIsPathSegment(params.kind, false)) errs.push(invalid(`${p}.kind`, params.kind, m));
    if (!params.name) errs.push(required(`${p}.name`));
    else
      for (const m of nameIsPathSegment(params.name, false)) errs.push(invalid(`${p}.name`, params.name, m));
    if (params.scope === undefined) errs.push(required(`${p}.scope`));
    else if (!scopes.includes(params.scope)) errs.push(notSupported(`${p}.scope`, params.scope, scopes));
    else {
      if (params.scope === "Namespace") {
        if (params.namespace === undefined)
          errs.push(required(`${p}.namespace`, "`parameters.scope` is set to 'Namespace'"));
        else
          for (const m of isDNS1123Label(params.namespace))
            errs.push(invalid(`${p}.namespace`, params.namespace, m));
      }
      if (params.scope === "Cluster" && params.namespace !== undefined)
        errs.push(forbidden(`${p}.namespace`, "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return errs;
}

export const ingressClasses: ResourceType<Obj> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "IngressClass",
  plural: "ingressclasses",
  singular: "ingressclass",
  namespaced: false,
  schema: IngressClass,
  generation: true,
  defaults: (obj) => {
    const params = obj.spec?.parameters;
    if (params && params.scope === undefined) params.scope = "Cluster";
  },
  validate: (obj) => validateIngressClass(obj),
  validateUpdate: (obj, old) => {
    const errs: FieldError[] = [];
    if ((obj.spec?.controller ?? "") !== (old.spec?.controller ?? ""))
      errs.push(invalid("spec.controller", obj.spec?.controller ?? "", "field is immutable"));
    return [...errs, ...validateIngressClass(obj)];
  },
  printerColumns: [
    nameColumn,
    {
      name: "Controller",
      type: "string",
      description: "Controller that is responsible for handling this class",
      priority: 0,
      cell: (o: Obj) => o.spec?.controller ?? "",
    },
    {
      name: "Parameters",
      type: "string",
      description: "A reference to a resource with additional parameters",
      priority: 0,
      cell: (o: Obj) => {
        const p = o.spec?.parameters;
        if (!p) return "<none>";
        return `${p.kind}${p.apiGroup !== undefined ? "." + p.apiGroup : ""}/${p.name}`;
      },
    },
    ageColumn,
  ],
};

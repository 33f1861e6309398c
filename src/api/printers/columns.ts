// The Name and Age columns every upstream table starts/ends with; their descriptions are ObjectMeta's
// docs (metav1.ObjectMeta{}.SwaggerDoc()["name"] / ["creationTimestamp"]), as printers.go uses them.
import type { PrinterColumn } from "../registry.js";
import type { KubeObject } from "../meta/v1/types.js";
import { age } from "./age.js";

export const nameColumn: PrinterColumn = {
  name: "Name",
  type: "string",
  format: "name",
  priority: 0,
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  cell: (o: KubeObject) => o.metadata?.name ?? "",
};

export const ageColumn: PrinterColumn = {
  name: "Age",
  type: "string",
  priority: 0,
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  cell: (o: KubeObject, now: number) => age(o.metadata?.creationTimestamp, now),
};

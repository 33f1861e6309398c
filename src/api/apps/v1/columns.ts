// Printer-column pieces shared by the workload kinds (pkg/printers/internalversion/printers.go).
import type { PrinterColumn } from "../../registry.js";
import { age } from "../../printers/age.js";
import { labelSelectorString } from "./labelselector.js";

interface ContainerLike {
  name?: string;
  image?: string;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(containers: ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

export const nameColumn: PrinterColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description:
    "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
  priority: 0,
  cell: (o: { metadata?: { name?: string } }) => o.metadata?.name ?? "",
};

export const ageColumn: PrinterColumn = {
  name: "Age",
  type: "string",
  description:
    "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  priority: 0,
  cell: (o: { metadata?: { creationTimestamp?: string } }, now: number) =>
    age(o.metadata?.creationTimestamp, now),
};

/** The wide Containers / Images / Selector columns of a pod template at `pick(obj)`. */
export function templateColumns(
  pick: (o: any) => { containers?: ContainerLike[] } | undefined,
  selector?: { description: string; pick: (o: any) => Parameters<typeof labelSelectorString>[0] },
): PrinterColumn[] {
  const cols: PrinterColumn[] = [
    {
      name: "Containers",
      type: "string",
      description: "Names of each container in the template.",
      priority: 1,
      cell: (o) => containerCells(pick(o)?.containers)[0],
    },
    {
      name: "Images",
      type: "string",
      description: "Images referenced by each container in the template.",
      priority: 1,
      cell: (o) => containerCells(pick(o)?.containers)[1],
    },
  ];
  if (selector)
    cols.push({
      name: "Selector",
      type: "string",
      description: selector.description,
      priority: 1,
      cell: (o) => labelSelectorString(selector.pick(o)),
    });
  return cols;
}

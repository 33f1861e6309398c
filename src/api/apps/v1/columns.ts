// Printer-column pieces shared by the workload kinds (pkg/printers/internalversion/printers.go).
import type { PrinterColumn } from "../../registry.js";
import { labelSelectorString } from "../../validation/labelselector.js";

interface ContainerLike {
  name?: string;
  image?: string;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(containers: ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

// Kept for importers of this module; defined in src/api/printers/columns.ts.
export { nameColumn, ageColumn } from "../../printers/columns.js";

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

// Server-side printing (meta.k8s.io Table) from ResourceType.printerColumns, and the
// PartialObjectMetadata forms metadata-only clients ask for.
import type { PrinterColumn } from "../../api/registry.js";
import { age } from "../../api/printers/age.js";
import type { ResourceInfo } from "../registry/resource.js";
import type { CachedObject } from "../watchcache/object.js";

const nameDescription =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const creationDescription =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** Name and Age, for kinds without printer columns. */
export const defaultColumns: PrinterColumn[] = [
  {
    name: "Name",
    type: "string",
    format: "name",
    description: nameDescription,
    priority: 0,
    cell: (o: { metadata?: { name?: string } }) => o.metadata?.name ?? "",
  },
  {
    name: "Age",
    type: "string",
    description: creationDescription,
    priority: 0,
    cell: (o: { metadata?: { creationTimestamp?: string } }, now: number) =>
      age(o.metadata?.creationTimestamp, now),
  },
];

export type IncludeObject = "Metadata" | "Object" | "None";

export interface TableOptions {
  includeObject: IncludeObject;
  /** Omit columnDefinitions (every watch event after the first). */
  noHeaders: boolean;
  /** meta.k8s.io version asked for ("v1" or "v1beta1"). */
  version: string;
}

export function columnsOf(info: ResourceInfo): PrinterColumn[] {
  return info.rt.printerColumns?.length ? info.rt.printerColumns : defaultColumns;
}

function columnDefinitions(cols: PrinterColumn[]): string {
  return JSON.stringify(
    cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.description,
      priority: c.priority,
    })),
  );
}

/** metav1 AsPartialObjectMetadata, as JSON text. */
export function partialObjectMetadataJSON(o: CachedObject, version: string): string {
  return `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/${version}","metadata":${JSON.stringify(o.obj.metadata)}}`;
}

function rowJSON(cols: PrinterColumn[], o: CachedObject, opts: TableOptions, now: number): string {
  const cells = cols.map((c) => {
    try {
      const v = c.cell(o.obj, now);
      return v === undefined ? null : v;
    } catch {
      return "<unknown>";
    }
  });
  let object = "";
  if (opts.includeObject === "Object") object = `,"object":${o.json}`;
  else if (opts.includeObject === "Metadata")
    object = `,"object":${partialObjectMetadataJSON(o, opts.version)}`;
  return `{"cells":${JSON.stringify(cells)}${object}}`;
}

/** A Table (JSON text) for objects, with the list's metadata. */
export function tableJSON(
  info: ResourceInfo,
  objs: CachedObject[],
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  opts: TableOptions,
  now = Date.now(),
): string {
  const cols = columnsOf(info);
  const rows = objs.map((o) => rowJSON(cols, o, opts, now));
  const defs = opts.noHeaders ? "null" : columnDefinitions(cols);
  return `{"kind":"Table","apiVersion":"meta.k8s.io/${opts.version}","metadata":${JSON.stringify(listMeta)},"columnDefinitions":${defs},"rows":[${rows.join(",")}]}`;
}

// The registry of kinds and resources: one ResourceType per served resource (group/version/plural),
// from which the API server derives routes, discovery, OpenAPI, tables, defaulting and validation.
import type { TSchema } from "@sinclair/typebox";
import type { FieldError } from "./validation/field.js";
import type { NameValidator } from "./validation/names.js";
import type { KubeObject } from "./meta/v1/types.js";

export interface PrinterColumn {
  /** Column name as upstream ("Name", "Ready", "Status", "Restarts", "Age", "IP", ...). kubectl upper-cases it. */
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  /** "name" for the first column (kubectl prefixes kind/ when printing several kinds). */
  format?: string;
  description: string;
  /** 0 = always shown, 1 = only with -o wide. */
  priority: number;
  /** The cell for one object; `now` (ms since epoch) for ages. */
  cell: (obj: any, now: number) => string | number | boolean;
}

/** The scale subresource (autoscaling/v1 Scale), as upstream's CRD scale spec. */
export interface ScaleSubresource {
  specReplicasPath: string; // ".spec.replicas"
  statusReplicasPath: string; // ".status.replicas"
  /** Where the selector is read from to fill Scale.status.selector (a LabelSelector object or a string). */
  labelSelectorPath?: string; // ".spec.selector"
}

/** A subresource served by some other component (log, exec, eviction...); listed in discovery. */
export interface ExtraSubresource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceType<T extends KubeObject = any> {
  group: string; // "" for core
  version: string;
  kind: string;
  listKind?: string; // default `${kind}List`
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Full object schema (TypeBox) with $id "io.k8s.api.<group>.<version>.<Kind>". */
  schema: TSchema;
  /** Default: create delete deletecollection get list patch update watch. */
  verbs?: string[];
  /** Has a status subresource: status is ignored on main-resource writes and only status is taken on /status writes. */
  status?: boolean;
  /** Status set on create is kept (upstream's Node: the kubelet registers its Node with status). */
  keepStatusOnCreate?: boolean;
  scale?: ScaleSubresource;
  extraSubresources?: ExtraSubresource[];
  /** metadata.generation is set to 1 on create and bumped when anything but metadata/status changes. */
  generation?: boolean;
  /** Name format (default: DNS-1123 subdomain). */
  nameValidator?: NameValidator;
  /** Upstream's SetDefaults_* for this kind and everything nested in it. Mutates in place. */
  defaults?: (obj: T) => void;
  /** Upstream's PrepareForCreate beyond the generic parts (e.g. Pod status.phase=Pending). */
  prepareForCreate?: (obj: T) => void;
  /** Upstream's PrepareForUpdate beyond the generic parts. */
  prepareForUpdate?: (obj: T, old: T) => void;
  /** Semantic validation on create (structure/types are already checked against the schema). */
  validate?: (obj: T) => FieldError[];
  /** Semantic validation on update, incl. immutable fields. Defaults to `validate`. */
  validateUpdate?: (obj: T, old: T) => FieldError[];
  /** Field selectors beyond metadata.name / metadata.namespace (e.g. "spec.nodeName", "status.phase"). */
  fieldSelectors?: Record<string, (obj: T) => string | undefined>;
  /** Printer columns for Table output (kubectl get). Default: Name, Age. */
  printerColumns?: PrinterColumn[];
  /** Objects expire this many seconds after their last write (Events: 3600). */
  ttlSeconds?: number;
}

export const defaultVerbs = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

export function groupVersion(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

// Downward API fields of a pod, as upstream's pkg/fieldpath (ExtractFieldPathAsString, FormatMap,
// SplitMaybeSubscriptedPath) and ConvertDownwardAPIFieldLabel.
import type { Pod } from "../../api/core/v1/pod.js";
import { isQualifiedName } from "../../api/validation/names.js";

/** "metadata.labels['app']" → ["metadata.labels", "app"]. */
export function splitMaybeSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return [s.slice(0, i), s.slice(i + 2)];
}

/** upstream FormatMap: sorted key="value" lines (Go %q quoting). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join("\n");
}

const supportedLabels = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/** upstream ConvertDownwardAPIFieldLabel (apiVersion defaults to v1). */
export function convertDownwardAPIFieldLabel(
  version: string | undefined,
  label: string,
): { path: string } | { error: string } {
  if ((version || "v1") !== "v1") return { error: `unsupported pod version: ${version}` };
  const sub = splitMaybeSubscriptedPath(label);
  if (sub) {
    if (sub[0] === "metadata.annotations" || sub[0] === "metadata.labels") return { path: label };
    return { error: `field label does not support subscript: ${label}` };
  }
  if (label === "spec.host") return { path: "spec.nodeName" };
  if (supportedLabels.has(label)) return { path: label };
  return { error: `field label not supported: ${label}` };
}

/** upstream ExtractFieldPathAsString (metadata fields only; the rest are resolved by the caller). */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): { value: string } | { error: string } {
  const meta = pod.metadata ?? {};
  const sub = splitMaybeSubscriptedPath(fieldPath);
  if (sub) {
    const [path, key] = sub;
    if (path === "metadata.annotations") {
      const errs = isQualifiedName(key.toLowerCase());
      if (errs.length) return { error: `invalid key subscript in ${fieldPath}: ${errs.join(";")}` };
      return { value: meta.annotations?.[key] ?? "" };
    }
    if (path === "metadata.labels") {
      const errs = isQualifiedName(key);
      if (errs.length) return { error: `invalid key subscript in ${fieldPath}: ${errs.join(";")}` };
      return { value: meta.labels?.[key] ?? "" };
    }
    return { error: `fieldPath "${fieldPath}" does not support subscript` };
  }
  switch (fieldPath) {
    case "metadata.annotations":
      return { value: formatMap(meta.annotations) };
    case "metadata.labels":
      return { value: formatMap(meta.labels) };
    case "metadata.name":
      return { value: meta.name ?? "" };
    case "metadata.namespace":
      return { value: meta.namespace ?? "" };
    case "metadata.uid":
      return { value: meta.uid ?? "" };
  }
  return { error: `unsupported fieldPath: ${fieldPath}` };
}

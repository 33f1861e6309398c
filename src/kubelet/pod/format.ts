// Small formatting helpers shared by the kubelet's modules, as upstream's pkg/kubelet/util/format and Go's %q.
import type { Pod } from "../../api/core/v1/pod.js";

/** upstream format.Pod: "name_namespace(uid)", the form used in kubelet messages. */
export function formatPod(pod: Pod): string {
  const m = pod.metadata ?? {};
  return `${m.name ?? ""}_${m.namespace ?? ""}(${m.uid ?? ""})`;
}

/** Go's %q of a string: double-quoted with Go escapes (close enough for messages: JSON escapes). */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-7][0-9a-f])/g, "\\x$1");
}

/** Go's %v of a []string: "[a b c]". */
export function goStringSlice(v: readonly string[]): string {
  return `[${v.join(" ")}]`;
}

/** The pod as an event's involved object. */
export function podRef(pod: Pod): {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
} {
  const m = pod.metadata ?? {};
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
  };
}

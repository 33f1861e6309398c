// Environment defaults (SetDefaults_ObjectFieldSelector, FileKeySelector `+default=false`).
import type { EnvVar, ObjectFieldSelector } from "./env.js";

export function applyObjectFieldSelectorDefaults(s: ObjectFieldSelector): void {
  if (!s.apiVersion) s.apiVersion = "v1";
}

export function applyEnvVarDefaults(e: EnvVar): void {
  const from = e.valueFrom;
  if (!from) return;
  if (from.fieldRef) applyObjectFieldSelectorDefaults(from.fieldRef);
  if (from.fileKeyRef) from.fileKeyRef.optional ??= false;
}

// Stand-ins for core/v1 types until the core-pod branch is merged (removed at merge).
import { Type } from "@sinclair/typebox";
import type { FieldError } from "../../validation/field.js";

const open = (id: string) =>
  Type.Unsafe<Record<string, any>>({ $id: id, type: "object", "x-kubernetes-preserve-unknown-fields": true });
export const PodTemplateSpec = open("io.k8s.api.core.v1.PodTemplateSpec");
export const PersistentVolumeClaim = open("io.k8s.api.core.v1.PersistentVolumeClaim");
export const ObjectReference = open("io.k8s.api.core.v1.ObjectReference");
export type PodTemplateSpec = Record<string, any>;
export type PodSpec = Record<string, any>;
export function applyPodSpecDefaults(_spec: PodSpec): void {}
export function validatePodTemplateSpec(_t: PodTemplateSpec, _path: string): FieldError[] {
  return [];
}

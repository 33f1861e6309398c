// Admission as upstream's k8s.io/apiserver/pkg/admission: named plugins with a mutating phase (admit, may
// change the object) and a validating phase (validate, may only refuse). Refusals are StatusErrors.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceInfo } from "../registry/resource.js";
import type { UserInfo } from "../authn/user.js";

export type Operation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface Attributes {
  operation: Operation;
  resource: ResourceInfo;
  subresource: string;
  namespace: string;
  /** The object's name; for a create with generateName still empty. */
  name: string;
  /** The new object (CREATE, UPDATE); admit may change it. */
  object?: KubeObject;
  /** The current object (UPDATE, DELETE). */
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
  /** Warnings for the response's Warning headers (upstream admission warnings). */
  warnings?: string[];
}

export interface AdmissionPlugin {
  readonly name: string;
  admit?(a: Attributes): void | Promise<void>;
  validate?(a: Attributes): void | Promise<void>;
}

/** Runs plugins in order: every admit, later every validate. */
export class AdmissionChain {
  constructor(readonly plugins: AdmissionPlugin[]) {}

  async admit(a: Attributes): Promise<void> {
    for (const p of this.plugins) if (p.admit) await p.admit(a);
  }

  async validate(a: Attributes): Promise<void> {
    for (const p of this.plugins) if (p.validate) await p.validate(a);
  }
}

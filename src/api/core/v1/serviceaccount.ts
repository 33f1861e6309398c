// ServiceAccount: the kind and its `serviceaccounts` resource (pkg/registry/core/serviceaccount).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, MapList, AtomicList } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference, LocalObjectReference } from "./reference.js";
import type { ResourceType } from "../../registry.js";
import { nameColumn, ageColumn } from "./columns.js";

export const ServiceAccount = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    secrets: MapList(ObjectReference, ["name"], {
      description:
        "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.",
    }),
    imagePullSecrets: AtomicList(LocalObjectReference, {
      description:
        "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.",
    }),
    automountServiceAccountToken: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ServiceAccount",
    description:
      "ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets",
    "x-proto": { metadata: 1, secrets: 2, imagePullSecrets: 3, automountServiceAccountToken: 4 },
  },
);
export type ServiceAccount = Static<typeof ServiceAccount> & KubeObject;

/** cleanSecretReferences: only the name of each listed secret is kept. */
function cleanSecretReferences(sa: ServiceAccount): void {
  if (sa.secrets) sa.secrets = sa.secrets.map((s) => (s.name === undefined ? {} : { name: s.name }));
}

export const serviceAccounts: ResourceType<ServiceAccount> = {
  group: "",
  version: "v1",
  kind: "ServiceAccount",
  plural: "serviceaccounts",
  singular: "serviceaccount",
  namespaced: true,
  shortNames: ["sa"],
  schema: ServiceAccount,
  extraSubresources: [
    { name: "token", kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"] },
  ],
  prepareForCreate: cleanSecretReferences,
  prepareForUpdate: (sa) => cleanSecretReferences(sa),
  // ValidateServiceAccount checks only metadata (done by the API server).
  validate: () => [],
  printerColumns: [
    nameColumn,
    {
      name: "Secrets",
      type: "string",
      priority: 0,
      description:
        "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.",
      cell: (sa: ServiceAccount) => (sa.secrets ?? []).length,
    },
    ageColumn,
  ],
};

// coordination.k8s.io/v1 Lease (k8s.io/api/coordination/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, MicroTime } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.coordination.v1";

export const LeaseSpec = Struct(
  {
    holderIdentity: Type.String({
      "x-proto-pointer": true,
      description: "holderIdentity contains the identity of the holder of a current lease.",
    }),
    leaseDurationSeconds: Int32({
      "x-proto-pointer": true,
      description:
        "leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.",
    }),
    acquireTime: MicroTime({ description: "acquireTime is a time when the current lease was acquired." }),
    renewTime: MicroTime({
      description: "renewTime is a time when the current holder of a lease has last updated the lease.",
    }),
    leaseTransitions: Int32({
      "x-proto-pointer": true,
      description: "leaseTransitions is the number of transitions of a lease between holders.",
    }),
    strategy: Type.String({
      "x-proto-pointer": true,
      description: "Strategy indicates the strategy for picking the leader for coordinated leader election.",
    }),
    preferredHolder: Type.String({
      "x-proto-pointer": true,
      description:
        "PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.",
    }),
  },
  {
    $id: `${P}.LeaseSpec`,
    description: "LeaseSpec is a specification of a Lease.",
    "x-proto": {
      holderIdentity: 1,
      leaseDurationSeconds: 2,
      acquireTime: 3,
      renewTime: 4,
      leaseTransitions: 5,
      strategy: 6,
      preferredHolder: 7,
    },
  },
);

export const Lease = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      LeaseSpec,
      "spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.Lease`,
    description: "Lease defines a lease concept.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);
export type Lease = Static<typeof Lease>;

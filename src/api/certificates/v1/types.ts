// certificates.k8s.io/v1 CertificateSigningRequest (k8s.io/api/certificates/v1), with upstream's protobuf
// field numbers.
import { Type, type Static } from "@sinclair/typebox";
import { AtomicList, Bytes, Field, Int32, MapList, Struct, Time } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { ExtraValue } from "../../authentication/v1/types.js";

const P = "io.k8s.api.certificates.v1";

export const CertificateSigningRequestSpec = Struct(
  {
    request: Bytes({
      description:
        'request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block. When serialized as JSON or YAML, the data is additionally base64-encoded.',
      "x-kubernetes-list-type": "atomic",
    }),
    signerName: Type.String({
      description:
        'signerName indicates the requested signer, and is a qualified name.\n\nList/watch requests for CertificateSigningRequests can filter on this field using a "spec.signerName=NAME" fieldSelector.\n\nWell-known Kubernetes signers are:\n 1. "kubernetes.io/kube-apiserver-client": issues client certificates that can be used to authenticate to kube-apiserver.\n 2. "kubernetes.io/kube-apiserver-client-kubelet": issues client certificates that kubelets use to authenticate to kube-apiserver.\n 3. "kubernetes.io/kubelet-serving" issues serving certificates that kubelets use to serve TLS endpoints, which kube-apiserver can connect to securely.',
    }),
    expirationSeconds: Int32({
      "x-proto-pointer": true,
      description:
        "expirationSeconds is the requested duration of validity of the issued certificate. The certificate signer may issue a certificate with a different validity duration so a client must check the delta between the notBefore and and notAfter fields in the issued certificate to determine the actual duration.\n\nThe minimum valid value for expirationSeconds is 600, i.e. 10 minutes.",
    }),
    usages: AtomicList(Type.String(), {
      description:
        'usages specifies a set of key usages requested in the issued certificate.\n\nRequests for TLS client certificates typically request: "digital signature", "key encipherment", "client auth".\n\nRequests for TLS serving certificates typically request: "key encipherment", "digital signature", "server auth".',
    }),
    username: Type.String({
      description:
        "username contains the name of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.",
    }),
    uid: Type.String({
      description:
        "uid contains the uid of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.",
    }),
    groups: AtomicList(Type.String(), {
      description:
        "groups contains group membership of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.",
    }),
    extra: Type.Record(Type.String(), ExtraValue, {
      description:
        "extra contains extra attributes of the user that created the CertificateSigningRequest. Populated by the API server on creation and immutable.",
    }),
  },
  {
    $id: `${P}.CertificateSigningRequestSpec`,
    description: "CertificateSigningRequestSpec contains the certificate request.",
    required: ["request", "signerName"],
    "x-proto": {
      request: 1,
      username: 2,
      uid: 3,
      groups: 4,
      usages: 5,
      extra: 6,
      signerName: 7,
      expirationSeconds: 8,
    },
  },
);

export const CertificateSigningRequestCondition = Struct(
  {
    type: Type.String({
      description: 'type of the condition. Known conditions are "Approved", "Denied", and "Failed".',
    }),
    status: Type.String({
      description:
        'status of the condition, one of True, False, Unknown. Approved, Denied, and Failed conditions may not be "False" or "Unknown".',
    }),
    reason: Type.String({ description: "reason indicates a brief reason for the request state" }),
    message: Type.String({
      description: "message contains a human readable message with details about the request state",
    }),
    lastUpdateTime: Time({ description: "lastUpdateTime is the time of the last update to this condition" }),
    lastTransitionTime: Time({
      description:
        "lastTransitionTime is the time the condition last transitioned from one status to another. If unset, when a new condition type is added or an existing condition's status is changed, the server defaults this to the current time.",
    }),
  },
  {
    $id: `${P}.CertificateSigningRequestCondition`,
    description:
      "CertificateSigningRequestCondition describes a condition of a CertificateSigningRequest object",
    required: ["type", "status"],
    "x-proto": { type: 1, reason: 2, message: 3, lastUpdateTime: 4, lastTransitionTime: 5, status: 6 },
  },
);
export type CertificateSigningRequestCondition = Static<typeof CertificateSigningRequestCondition>;

export const CertificateSigningRequestStatus = Struct(
  {
    conditions: MapList(CertificateSigningRequestCondition, ["type"], {
      description:
        'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".',
    }),
    certificate: Bytes({
      description:
        "certificate is populated with an issued certificate by the signer after an Approved condition is present. This field is set via the /status subresource. Once populated, this field is immutable.",
      "x-kubernetes-list-type": "atomic",
    }),
  },
  {
    $id: `${P}.CertificateSigningRequestStatus`,
    description:
      "CertificateSigningRequestStatus contains conditions used to indicate approved/denied/failed status of the request, and the issued certificate.",
    "x-proto": { conditions: 1, certificate: 2 },
  },
);

export const CertificateSigningRequest = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "Standard object's metadata."),
    spec: Field(
      CertificateSigningRequestSpec,
      "spec contains the certificate request, and is immutable after creation. Only the request, signerName, expirationSeconds, and usages fields can be set on creation. Other fields are derived by Kubernetes and cannot be modified by users.",
    ),
    status: Field(
      CertificateSigningRequestStatus,
      "status contains information about whether the request is approved or denied, and the certificate issued by the signer, or the failure condition indicating signer failure.",
    ),
  },
  {
    $id: `${P}.CertificateSigningRequest`,
    description:
      'CertificateSigningRequest objects provide a mechanism to obtain x509 certificates by submitting a certificate signing request, and having it asynchronously approved and issued.\n\nKubelets use this API to obtain:\n 1. client certificates to authenticate to kube-apiserver (with the "kubernetes.io/kube-apiserver-client-kubelet" signerName).\n 2. serving certificates for TLS endpoints kube-apiserver can connect to securely (with the "kubernetes.io/kubelet-serving" signerName).\n\nThis API can be used to request client certificates to authenticate to kube-apiserver (with the "kubernetes.io/kube-apiserver-client" signerName), or to obtain certificates from custom non-Kubernetes signers.',
    required: ["spec"],
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type CertificateSigningRequest = Static<typeof CertificateSigningRequest>;

export const KubeAPIServerClientSignerName = "kubernetes.io/kube-apiserver-client";
export const KubeAPIServerClientKubeletSignerName = "kubernetes.io/kube-apiserver-client-kubelet";
export const KubeletServingSignerName = "kubernetes.io/kubelet-serving";

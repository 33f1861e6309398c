// authentication.k8s.io/v1 types (k8s.io/api/authentication/v1): TokenReview, SelfSubjectReview, TokenRequest.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, AtomicList, Int64, Time } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.authentication.v1";

/**
 * ExtraValue is `[]string` in JSON but a message `{repeated string items = 1}` on the protobuf wire;
 * `x-proto-wrapped` names the wrapper's field that carries the list.
 */
export const ExtraValue = AtomicList(Type.String(), { "x-proto-wrapped": { items: 1 } });

export const UserInfo = Struct(
  {
    username: Type.String({
      description: "The name that uniquely identifies this user among all active users.",
    }),
    uid: Type.String({ description: "A unique value that identifies this user across time." }),
    groups: AtomicList(Type.String(), { description: "The names of groups this user is a part of." }),
    extra: Type.Record(Type.String(), ExtraValue, {
      description: "Any additional information provided by the authenticator.",
    }),
  },
  {
    $id: `${P}.UserInfo`,
    description: "UserInfo holds the information about the user needed to implement the user.Info interface.",
    "x-proto": { username: 1, uid: 2, groups: 3, extra: 4 },
  },
);
export type UserInfo = Static<typeof UserInfo>;

export const TokenReviewSpec = Struct(
  {
    token: Type.String({ description: "Token is the opaque bearer token." }),
    audiences: AtomicList(Type.String(), {
      description:
        "Audiences is a list of the identifiers that the resource server presented with the token identifies as.",
    }),
  },
  {
    $id: `${P}.TokenReviewSpec`,
    description: "TokenReviewSpec is a description of the token authentication request.",
    "x-proto": { token: 1, audiences: 2 },
  },
);

export const TokenReviewStatus = Struct(
  {
    authenticated: Type.Boolean({
      description: "Authenticated indicates that the token was associated with a known user.",
    }),
    user: Field(UserInfo, "user is the UserInfo associated with the provided token."),
    audiences: AtomicList(Type.String(), {
      description:
        "Audiences are audience identifiers chosen by the authenticator that are compatible with both the TokenReview and token.",
    }),
    error: Type.String({ description: "Error indicates that the token couldn't be checked" }),
  },
  {
    $id: `${P}.TokenReviewStatus`,
    description: "TokenReviewStatus is the result of the token authentication request.",
    "x-proto": { authenticated: 1, user: 2, audiences: 4, error: 3 },
  },
);

export const TokenReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(TokenReviewSpec, "spec holds information about the request being evaluated"),
    status: Field(
      TokenReviewStatus,
      "status is filled in by the server and indicates whether the request can be authenticated.",
    ),
  },
  {
    $id: `${P}.TokenReview`,
    required: ["spec"],
    description:
      "TokenReview attempts to authenticate a token to a known user. Note: TokenReview requests may be cached by the webhook token authenticator plugin in the kube-apiserver.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type TokenReview = Static<typeof TokenReview>;

export const SelfSubjectReviewStatus = Struct(
  { userInfo: Field(UserInfo, "userInfo is a set of attributes belonging to the user making this request.") },
  {
    $id: `${P}.SelfSubjectReviewStatus`,
    description: "SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.",
    "x-proto": { userInfo: 1 },
  },
);

export const SelfSubjectReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    status: Field(SelfSubjectReviewStatus, "status is filled in by the server with the user attributes."),
  },
  {
    $id: `${P}.SelfSubjectReview`,
    description:
      "SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.",
    "x-proto": { metadata: 1, status: 2 },
  },
);
export type SelfSubjectReview = Static<typeof SelfSubjectReview>;

export const BoundObjectReference = Struct(
  {
    kind: Type.String({ description: "Kind of the referent. Valid kinds are 'Pod' and 'Secret'." }),
    apiVersion: Type.String({ description: "API version of the referent." }),
    name: Type.String({ description: "Name of the referent." }),
    uid: Type.String({ description: "UID of the referent." }),
  },
  {
    $id: `${P}.BoundObjectReference`,
    description: "BoundObjectReference is a reference to an object that a token is bound to.",
    "x-proto": { kind: 1, apiVersion: 2, name: 3, uid: 4 },
  },
);

export const TokenRequestSpec = Struct(
  {
    audiences: AtomicList(Type.String(), {
      description: "Audiences are the intendend audiences of the token.",
    }),
    expirationSeconds: Int64({
      "x-proto-pointer": true,
      description: "ExpirationSeconds is the requested duration of validity of the request.",
    }),
    boundObjectRef: Field(
      BoundObjectReference,
      "boundObjectRef is a reference to an object that the token will be bound to.",
    ),
  },
  {
    $id: `${P}.TokenRequestSpec`,
    required: ["audiences"],
    description: "TokenRequestSpec contains client provided parameters of a token request.",
    "x-proto": { audiences: 1, expirationSeconds: 4, boundObjectRef: 3 },
  },
);

export const TokenRequestStatus = Struct(
  {
    token: Type.String({ description: "Token is the opaque bearer token." }),
    expirationTimestamp: Time({
      description: "ExpirationTimestamp is the time of expiration of the returned token.",
    }),
  },
  {
    $id: `${P}.TokenRequestStatus`,
    required: ["token", "expirationTimestamp"],
    description: "TokenRequestStatus is the result of a token request.",
    "x-proto": { token: 1, expirationTimestamp: 2 },
  },
);

export const TokenRequest = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(TokenRequestSpec, "spec holds information about the request being evaluated"),
    status: Field(
      TokenRequestStatus,
      "status is filled in by the server and indicates whether the token can be authenticated.",
    ),
  },
  {
    $id: `${P}.TokenRequest`,
    required: ["spec"],
    description: "TokenRequest requests a token for a given service account.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type TokenRequest = Static<typeof TokenRequest>;

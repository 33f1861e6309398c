// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, IntOrString, Int32, Int64 } from "../../schema.js";
import { Struct } from "./struct.js";

export const ExecAction = Struct(
  {
    command: AtomicList(Type.String(), {
      description:
        "Command is the command line to execute inside the container, the working directory for the command is root ('/') in the container's filesystem.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ExecAction",
    description: 'ExecAction describes a "run in container" action.',
    "x-proto": { command: 1 },
  },
);

export type ExecAction = Static<typeof ExecAction>;

export const HTTPHeader = Struct(
  {
    name: Type.String({ description: "The header field name." }),
    value: Type.String({ description: "The header field value" }),
  },
  {
    $id: "io.k8s.api.core.v1.HTTPHeader",
    required: ["name", "value"],
    description: "HTTPHeader describes a custom header to be used in HTTP probes",
    "x-proto": { name: 1, value: 2 },
  },
);

export type HTTPHeader = Static<typeof HTTPHeader>;

export const HTTPGetAction = Struct(
  {
    path: Type.String({ description: "Path to access on the HTTP server." }),
    port: IntOrString({ description: "Name or number of the port to access on the container." }),
    host: Type.String({ description: "Host name to connect to, defaults to the pod IP." }),
    scheme: Type.String({ description: "Scheme to use for connecting to the host." }),
    httpHeaders: AtomicList(HTTPHeader, { description: "Custom headers to set in the request." }),
    protocol: Type.String({
      "x-proto-pointer": true,
      description: "Protocol selects the wire protocol for the probe connection.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.HTTPGetAction",
    required: ["port"],
    description: "HTTPGetAction describes an action based on HTTP Get requests.",
    "x-proto": { path: 1, port: 2, host: 3, scheme: 4, httpHeaders: 5, protocol: 6 },
  },
);

export type HTTPGetAction = Static<typeof HTTPGetAction>;

export const TCPSocketAction = Struct(
  {
    port: IntOrString({ description: "Number or name of the port to access on the container." }),
    host: Type.String({ description: "Optional: Host name to connect to, defaults to the pod IP." }),
  },
  {
    $id: "io.k8s.api.core.v1.TCPSocketAction",
    required: ["port"],
    description: "TCPSocketAction describes an action based on opening a socket",
    "x-proto": { port: 1, host: 2 },
  },
);

export type TCPSocketAction = Static<typeof TCPSocketAction>;

export const GRPCAction = Struct(
  {
    port: Int32({ description: "Port number of the gRPC service." }),
    service: Type.String({
      "x-proto-pointer": true,
      description:
        "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).",
    }),
    mode: Type.String({
      "x-proto-pointer": true,
      description: "mode specifies the connection mode for the gRPC health probe.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.GRPCAction",
    required: ["port"],
    description: "GRPCAction specifies an action involving a GRPC service.",
    "x-proto": { port: 1, service: 2, mode: 3 },
  },
);

export type GRPCAction = Static<typeof GRPCAction>;

/** ProbeHandler's fields: embedded inline (JSON-flattened) in other types; a nested message (field numbers below) on the protobuf wire. */

export const ProbeHandlerFields = {
  exec: Field(ExecAction, "Exec specifies a command to execute in the container."),
  httpGet: Field(HTTPGetAction, "HTTPGet specifies an HTTP GET request to perform."),
  tcpSocket: Field(TCPSocketAction, "TCPSocket specifies a connection to a TCP port."),
  grpc: Field(GRPCAction, "GRPC specifies a GRPC HealthCheckRequest."),
};

export const ProbeHandlerProto = { exec: 1, httpGet: 2, tcpSocket: 3, grpc: 4 };

export const ProbeHandlerRequired: string[] = [];

export const Probe = Struct(
  {
    ...ProbeHandlerFields,
    initialDelaySeconds: Int32({
      description: "Number of seconds after the container has started before liveness probes are initiated.",
    }),
    timeoutSeconds: Int32({ description: "Number of seconds after which the probe times out." }),
    periodSeconds: Int32({ description: "How often (in seconds) to perform the probe." }),
    successThreshold: Int32({
      description:
        "Minimum consecutive successes for the probe to be considered successful after having failed.",
    }),
    failureThreshold: Int32({
      description:
        "Minimum consecutive failures for the probe to be considered failed after having succeeded.",
    }),
    terminationGracePeriodSeconds: Int64({
      "x-proto-pointer": true,
      description: "Optional duration in seconds the pod needs to terminate gracefully upon probe failure.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.Probe",
    description:
      "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
    "x-proto": {
      initialDelaySeconds: 2,
      timeoutSeconds: 3,
      periodSeconds: 4,
      successThreshold: 5,
      failureThreshold: 6,
      terminationGracePeriodSeconds: 7,
    },
    "x-proto-inline": { "1": ProbeHandlerProto },
  },
);

export type Probe = Static<typeof Probe>;

// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Int32, SetList, Int64, AtomicList, MapList } from "../../schema.js";
import { Struct } from "./struct.js";
import { ExecAction, HTTPGetAction, TCPSocketAction, Probe } from "./probe.js";
import { EnvFromSource, EnvVar } from "./env.js";
import { ResourceRequirements } from "./resources.js";
import { SecurityContext } from "./securitycontext.js";

export const ContainerPort = Struct(
  {
    name: Type.String({
      description: "If specified, this must be an IANA_SVC_NAME and unique within the pod.",
    }),
    hostPort: Int32({ description: "Number of port to expose on the host." }),
    containerPort: Int32({ description: "Number of port to expose on the pod's IP address." }),
    protocol: Type.String({ description: "Protocol for port." }),
    hostIP: Type.String({ description: "What host IP to bind the external port to." }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerPort",
    required: ["containerPort"],
    description: "ContainerPort represents a network port in a single container.",
    "x-proto": { name: 1, hostPort: 2, containerPort: 3, protocol: 4, hostIP: 5 },
  },
);

export type ContainerPort = Static<typeof ContainerPort>;

export const ContainerResizePolicy = Struct(
  {
    resourceName: Type.String({
      description: "Name of the resource to which this resource resize policy applies.",
    }),
    restartPolicy: Type.String({
      description: "Restart policy to apply when specified resource is resized.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerResizePolicy",
    required: ["resourceName", "restartPolicy"],
    description: "ContainerResizePolicy represents resource resize policy for the container.",
    "x-proto": { resourceName: 1, restartPolicy: 2 },
  },
);

export type ContainerResizePolicy = Static<typeof ContainerResizePolicy>;

export const ContainerRestartRuleOnExitCodes = Struct(
  {
    operator: Type.String({
      description: "Represents the relationship between the container exit code(s) and the specified values.",
    }),
    values: SetList(Int32(), {
      description: "Specifies the set of values to check for container exit codes.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerRestartRuleOnExitCodes",
    required: ["operator"],
    description:
      "ContainerRestartRuleOnExitCodes describes the condition for handling an exited container based on its exit codes.",
    "x-proto": { operator: 1, values: 2 },
  },
);

export type ContainerRestartRuleOnExitCodes = Static<typeof ContainerRestartRuleOnExitCodes>;

export const ContainerRestartRule = Struct(
  {
    action: Type.String({
      description: "Specifies the action taken on a container exit if the requirements are satisfied.",
    }),
    exitCodes: Field(
      ContainerRestartRuleOnExitCodes,
      "Represents the exit codes to check on container exits.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerRestartRule",
    required: ["action"],
    description: "ContainerRestartRule describes how a container exit is handled.",
    "x-proto": { action: 1, exitCodes: 2 },
  },
);

export type ContainerRestartRule = Static<typeof ContainerRestartRule>;

export const VolumeMount = Struct(
  {
    name: Type.String({ description: "This must match the Name of a Volume." }),
    readOnly: Type.Boolean({
      description: "Mounted read-only if true, read-write otherwise (false or unspecified).",
    }),
    recursiveReadOnly: Type.String({
      "x-proto-pointer": true,
      description: "RecursiveReadOnly specifies whether read-only mounts should be handled recursively.",
    }),
    mountPath: Type.String({
      description: "Path within the container at which the volume should be mounted.",
    }),
    subPath: Type.String({
      description: "Path within the volume from which the container's volume should be mounted.",
    }),
    mountPropagation: Type.String({
      "x-proto-pointer": true,
      description:
        "mountPropagation determines how mounts are propagated from the host to container and the other way around.",
    }),
    subPathExpr: Type.String({
      description: "Expanded path within the volume from which the container's volume should be mounted.",
    }),
    bindMountOptions: SetList(Type.String(), {
      description:
        "bindMountOptions is the list of additional bind mount options to apply when mounting this volume into the container.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeMount",
    required: ["name", "mountPath"],
    description: "VolumeMount describes a mounting of a Volume within a container.",
    "x-proto": {
      name: 1,
      readOnly: 2,
      recursiveReadOnly: 7,
      mountPath: 3,
      subPath: 4,
      mountPropagation: 5,
      subPathExpr: 6,
      bindMountOptions: 8,
    },
  },
);

export type VolumeMount = Static<typeof VolumeMount>;

export const VolumeDevice = Struct(
  {
    name: Type.String({ description: "name must match the name of a persistentVolumeClaim in the pod" }),
    devicePath: Type.String({
      description: "devicePath is the path inside of the container that the device will be mapped to.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeDevice",
    required: ["name", "devicePath"],
    description: "volumeDevice describes a mapping of a raw block device within a container.",
    "x-proto": { name: 1, devicePath: 2 },
  },
);

export type VolumeDevice = Static<typeof VolumeDevice>;

export const SleepAction = Struct(
  {
    seconds: Int64({ description: "Seconds is the number of seconds to sleep." }),
  },
  {
    $id: "io.k8s.api.core.v1.SleepAction",
    required: ["seconds"],
    description: 'SleepAction describes a "sleep" action.',
    "x-proto": { seconds: 1 },
  },
);

export type SleepAction = Static<typeof SleepAction>;

export const LifecycleHandler = Struct(
  {
    exec: Field(ExecAction, "Exec specifies a command to execute in the container."),
    httpGet: Field(HTTPGetAction, "HTTPGet specifies an HTTP GET request to perform."),
    tcpSocket: Field(
      TCPSocketAction,
      "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility.",
    ),
    sleep: Field(SleepAction, "Sleep represents a duration that the container should sleep."),
  },
  {
    $id: "io.k8s.api.core.v1.LifecycleHandler",
    description: "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.",
    "x-proto": { exec: 1, httpGet: 2, tcpSocket: 3, sleep: 4 },
  },
);

export type LifecycleHandler = Static<typeof LifecycleHandler>;

export const Lifecycle = Struct(
  {
    postStart: Field(
      LifecycleHandler,
      "PostStart is called immediately after a container is created. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
    ),
    preStop: Field(
      LifecycleHandler,
      "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
    ),
    stopSignal: Type.String({
      "x-proto-pointer": true,
      description: "StopSignal defines which signal will be sent to a container when it is being stopped.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.Lifecycle",
    description:
      "Lifecycle describes actions that the management system should take in response to container lifecycle events.",
    "x-proto": { postStart: 1, preStop: 2, stopSignal: 3 },
  },
);

export type Lifecycle = Static<typeof Lifecycle>;

/** Container's protobuf field numbers. */
export const ContainerProto = {
  name: 1,
  image: 2,
  command: 3,
  args: 4,
  workingDir: 5,
  ports: 6,
  envFrom: 19,
  env: 7,
  resources: 8,
  resizePolicy: 23,
  restartPolicy: 24,
  restartPolicyRules: 25,
  volumeMounts: 9,
  volumeDevices: 21,
  livenessProbe: 10,
  readinessProbe: 11,
  startupProbe: 22,
  lifecycle: 12,
  terminationMessagePath: 13,
  terminationMessagePolicy: 20,
  imagePullPolicy: 14,
  securityContext: 15,
  stdin: 16,
  stdinOnce: 17,
  tty: 18,
};

export const Container = Struct(
  {
    name: Type.String({ description: "Name of the container specified as a DNS_LABEL." }),
    image: Type.String({ description: "Container image name." }),
    command: AtomicList(Type.String(), { description: "Entrypoint array. Not executed within a shell." }),
    args: AtomicList(Type.String(), { description: "Arguments to the entrypoint." }),
    workingDir: Type.String({ description: "Container's working directory." }),
    ports: MapList(ContainerPort, ["containerPort", "protocol"], {
      description: "List of ports to expose from the container.",
    }),
    envFrom: AtomicList(EnvFromSource, {
      description: "List of sources to populate environment variables in the container.",
    }),
    env: MapList(EnvVar, ["name"], { description: "List of environment variables to set in the container." }),
    resources: Field(
      ResourceRequirements,
      "Compute Resources required by this container. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    ),
    resizePolicy: AtomicList(ContainerResizePolicy, {
      description: "Resources resize policy for the container.",
    }),
    restartPolicy: Type.String({
      "x-proto-pointer": true,
      description: "RestartPolicy defines the restart behavior of individual containers in a pod.",
    }),
    restartPolicyRules: AtomicList(ContainerRestartRule, {
      description:
        "Represents a list of rules to be checked to determine if the container should be restarted on exit.",
    }),
    volumeMounts: MapList(VolumeMount, ["mountPath"], {
      description: "Pod volumes to mount into the container's filesystem.",
    }),
    volumeDevices: MapList(VolumeDevice, ["devicePath"], {
      description: "volumeDevices is the list of block devices to be used by the container.",
    }),
    livenessProbe: Field(
      Probe,
      "Periodic probe of container liveness. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
    ),
    readinessProbe: Field(
      Probe,
      "Periodic probe of container service readiness. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
    ),
    startupProbe: Field(
      Probe,
      "StartupProbe indicates that the Pod has successfully initialized. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
    ),
    lifecycle: Field(
      Lifecycle,
      "Actions that the management system should take in response to container lifecycle events.",
    ),
    terminationMessagePath: Type.String({
      description:
        "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.",
    }),
    terminationMessagePolicy: Type.String({
      description: "Indicate how the termination message should be populated.",
    }),
    imagePullPolicy: Type.String({ description: "Image pull policy." }),
    securityContext: Field(
      SecurityContext,
      "SecurityContext defines the security options the container should be run with. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ),
    stdin: Type.Boolean({
      description: "Whether this container should allocate a buffer for stdin in the container runtime.",
    }),
    stdinOnce: Type.Boolean({
      description:
        "Whether the container runtime should close the stdin channel after it has been opened by a single attach.",
    }),
    tty: Type.Boolean({
      description:
        "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.Container",
    required: ["name"],
    description: "A single application container that you want to run within a pod.",
    "x-proto": ContainerProto,
  },
);

export type Container = Static<typeof Container>;

/** EphemeralContainerCommon's fields: embedded inline (JSON-flattened) in other types; a nested message (field numbers below) on the protobuf wire. */

export const EphemeralContainerCommonFields = {
  name: Type.String({ description: "Name of the ephemeral container specified as a DNS_LABEL." }),
  image: Type.String({ description: "Container image name." }),
  command: AtomicList(Type.String(), { description: "Entrypoint array. Not executed within a shell." }),
  args: AtomicList(Type.String(), { description: "Arguments to the entrypoint." }),
  workingDir: Type.String({ description: "Container's working directory." }),
  ports: MapList(ContainerPort, ["containerPort", "protocol"], {
    description: "Ports are not allowed for ephemeral containers.",
  }),
  envFrom: AtomicList(EnvFromSource, {
    description: "List of sources to populate environment variables in the container.",
  }),
  env: MapList(EnvVar, ["name"], { description: "List of environment variables to set in the container." }),
  resources: Field(ResourceRequirements, "Resources are not allowed for ephemeral containers."),
  resizePolicy: AtomicList(ContainerResizePolicy, {
    description: "Resources resize policy for the container.",
  }),
  restartPolicy: Type.String({
    description:
      "Restart policy for the container to manage the restart behavior of each container within a pod.",
  }),
  restartPolicyRules: AtomicList(ContainerRestartRule, {
    description:
      "Represents a list of rules to be checked to determine if the container should be restarted on exit.",
  }),
  volumeMounts: MapList(VolumeMount, ["mountPath"], {
    description: "Pod volumes to mount into the container's filesystem.",
  }),
  volumeDevices: MapList(VolumeDevice, ["devicePath"], {
    description: "volumeDevices is the list of block devices to be used by the container.",
  }),
  livenessProbe: Field(Probe, "Probes are not allowed for ephemeral containers."),
  readinessProbe: Field(Probe, "Probes are not allowed for ephemeral containers."),
  startupProbe: Field(Probe, "Probes are not allowed for ephemeral containers."),
  lifecycle: Field(Lifecycle, "Lifecycle is not allowed for ephemeral containers."),
  terminationMessagePath: Type.String({
    description:
      "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem.",
  }),
  terminationMessagePolicy: Type.String({
    description: "Indicate how the termination message should be populated.",
  }),
  imagePullPolicy: Type.String({ description: "Image pull policy." }),
  securityContext: Field(
    SecurityContext,
    "Optional: SecurityContext defines the security options the ephemeral container should be run with.",
  ),
  stdin: Type.Boolean({
    description: "Whether this container should allocate a buffer for stdin in the container runtime.",
  }),
  stdinOnce: Type.Boolean({
    description:
      "Whether the container runtime should close the stdin channel after it has been opened by a single attach.",
  }),
  tty: Type.Boolean({
    description: "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true.",
  }),
};

/** EphemeralContainerCommon has Container's fields under the same numbers. */
export const EphemeralContainerCommonProto = ContainerProto;

export const EphemeralContainerCommonRequired: string[] = ["name"];

export const EphemeralContainer = Struct(
  {
    ...EphemeralContainerCommonFields,
    targetContainerName: Type.String({
      description: "If set, the name of the container from PodSpec that this ephemeral container targets.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.EphemeralContainer",
    required: ["name"],
    description:
      "An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.",
    "x-proto": { targetContainerName: 2 },
    "x-proto-inline": { "1": EphemeralContainerCommonProto },
  },
);

export type EphemeralContainer = Static<typeof EphemeralContainer>;

export const ContainerImage = Struct(
  {
    names: AtomicList(Type.String(), { description: "Names by which this image is known." }),
    sizeBytes: Int64({ description: "The size of the image in bytes." }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerImage",
    description: "Describe a container image",
    "x-proto": { names: 1, sizeBytes: 2 },
  },
);

export type ContainerImage = Static<typeof ContainerImage>;

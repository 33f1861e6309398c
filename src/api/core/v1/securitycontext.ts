// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, Int64 } from "../../schema.js";
import { Struct } from "./struct.js";

export const Capabilities = Struct(
  {
    add: AtomicList(Type.String(), { description: "Added capabilities" }),
    drop: AtomicList(Type.String(), { description: "Removed capabilities" }),
  },
  {
    $id: "io.k8s.api.core.v1.Capabilities",
    description: "Adds and removes POSIX capabilities from running containers.",
    "x-proto": { add: 1, drop: 2 },
  },
);

export type Capabilities = Static<typeof Capabilities>;

export const SELinuxOptions = Struct(
  {
    user: Type.String({ description: "User is a SELinux user label that applies to the container." }),
    role: Type.String({ description: "Role is a SELinux role label that applies to the container." }),
    type: Type.String({ description: "Type is a SELinux type label that applies to the container." }),
    level: Type.String({ description: "Level is SELinux level label that applies to the container." }),
  },
  {
    $id: "io.k8s.api.core.v1.SELinuxOptions",
    description: "SELinuxOptions are the labels to be applied to the container",
    "x-proto": { user: 1, role: 2, type: 3, level: 4 },
  },
);

export type SELinuxOptions = Static<typeof SELinuxOptions>;

export const WindowsSecurityContextOptions = Struct(
  {
    gmsaCredentialSpecName: Type.String({
      "x-proto-pointer": true,
      description: "GMSACredentialSpecName is the name of the GMSA credential spec to use.",
    }),
    gmsaCredentialSpec: Type.String({
      "x-proto-pointer": true,
      description:
        "GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.",
    }),
    runAsUserName: Type.String({
      "x-proto-pointer": true,
      description: "The UserName in Windows to run the entrypoint of the container process.",
    }),
    hostProcess: Type.Boolean({
      "x-proto-pointer": true,
      description: "HostProcess determines if a container should be run as a 'Host Process' container.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.WindowsSecurityContextOptions",
    description: "WindowsSecurityContextOptions contain Windows-specific options and credentials.",
    "x-proto": { gmsaCredentialSpecName: 1, gmsaCredentialSpec: 2, runAsUserName: 3, hostProcess: 4 },
  },
);

export type WindowsSecurityContextOptions = Static<typeof WindowsSecurityContextOptions>;

export const SeccompProfile = Struct(
  {
    type: Type.String({ description: "type indicates which kind of seccomp profile will be applied." }),
    localhostProfile: Type.String({
      "x-proto-pointer": true,
      description: "localhostProfile indicates a profile defined in a file on the node should be used.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SeccompProfile",
    required: ["type"],
    description: "SeccompProfile defines a pod/container's seccomp profile settings.",
    "x-proto": { type: 1, localhostProfile: 2 },
  },
);

export type SeccompProfile = Static<typeof SeccompProfile>;

export const AppArmorProfile = Struct(
  {
    type: Type.String({ description: "type indicates which kind of AppArmor profile will be applied." }),
    localhostProfile: Type.String({
      "x-proto-pointer": true,
      description: "localhostProfile indicates a profile loaded on the node that should be used.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.AppArmorProfile",
    required: ["type"],
    description: "AppArmorProfile defines a pod or container's AppArmor settings.",
    "x-proto": { type: 1, localhostProfile: 2 },
  },
);

export type AppArmorProfile = Static<typeof AppArmorProfile>;

/** The user and group fields SecurityContext and PodSecurityContext share (same names, docs and pointers). */
const runAsFields = {
  runAsUser: Int64({
    "x-proto-pointer": true,
    description: "The UID to run the entrypoint of the container process.",
  }),
  runAsGroup: Int64({
    "x-proto-pointer": true,
    description: "The GID to run the entrypoint of the container process.",
  }),
  runAsNonRoot: Type.Boolean({
    "x-proto-pointer": true,
    description: "Indicates that the container must run as a non-root user.",
  }),
};

export const SecurityContext = Struct(
  {
    capabilities: Field(Capabilities, "The capabilities to add/drop when running containers."),
    privileged: Type.Boolean({ "x-proto-pointer": true, description: "Run container in privileged mode." }),
    seLinuxOptions: Field(SELinuxOptions, "The SELinux context to be applied to the container."),
    windowsOptions: Field(
      WindowsSecurityContextOptions,
      "The Windows specific settings applied to all containers.",
    ),
    ...runAsFields,
    readOnlyRootFilesystem: Type.Boolean({
      "x-proto-pointer": true,
      description: "Whether this container has a read-only root filesystem.",
    }),
    allowPrivilegeEscalation: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.",
    }),
    procMount: Type.String({
      "x-proto-pointer": true,
      description: "procMount denotes the type of proc mount to use for the containers.",
    }),
    seccompProfile: Field(SeccompProfile, "The seccomp options to use by this container."),
    appArmorProfile: Field(
      AppArmorProfile,
      "appArmorProfile is the AppArmor options to use by this container.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.SecurityContext",
    description: "SecurityContext holds security configuration that will be applied to a container.",
    "x-proto": {
      capabilities: 1,
      privileged: 2,
      seLinuxOptions: 3,
      windowsOptions: 10,
      runAsUser: 4,
      runAsGroup: 8,
      runAsNonRoot: 5,
      readOnlyRootFilesystem: 6,
      allowPrivilegeEscalation: 7,
      procMount: 9,
      seccompProfile: 11,
      appArmorProfile: 12,
    },
  },
);

export type SecurityContext = Static<typeof SecurityContext>;

export const Sysctl = Struct(
  {
    name: Type.String({ description: "Name of a property to set" }),
    value: Type.String({ description: "Value of a property to set" }),
  },
  {
    $id: "io.k8s.api.core.v1.Sysctl",
    required: ["name", "value"],
    description: "Sysctl defines a kernel parameter to be set",
    "x-proto": { name: 1, value: 2 },
  },
);

export type Sysctl = Static<typeof Sysctl>;

export const PodSecurityContext = Struct(
  {
    seLinuxOptions: Field(SELinuxOptions, "The SELinux context to be applied to all containers."),
    windowsOptions: Field(
      WindowsSecurityContextOptions,
      "The Windows specific settings applied to all containers.",
    ),
    ...runAsFields,
    supplementalGroups: AtomicList(Int64(), {
      description:
        "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).",
    }),
    supplementalGroupsPolicy: Type.String({
      "x-proto-pointer": true,
      description: "Defines how supplemental groups of the first container processes are calculated.",
    }),
    fsGroup: Int64({
      "x-proto-pointer": true,
      description: "A special supplemental group that applies to all containers in a pod.",
    }),
    sysctls: AtomicList(Sysctl, {
      description: "Sysctls hold a list of namespaced sysctls used for the pod.",
    }),
    fsGroupChangePolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.",
    }),
    seccompProfile: Field(SeccompProfile, "The seccomp options to use by the containers in this pod."),
    appArmorProfile: Field(
      AppArmorProfile,
      "appArmorProfile is the AppArmor options to use by the containers in this pod.",
    ),
    seLinuxChangePolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodSecurityContext",
    description: "PodSecurityContext holds pod-level security attributes and common container settings.",
    "x-proto": {
      seLinuxOptions: 1,
      windowsOptions: 8,
      runAsUser: 2,
      runAsGroup: 6,
      runAsNonRoot: 3,
      supplementalGroups: 4,
      supplementalGroupsPolicy: 12,
      fsGroup: 5,
      sysctls: 7,
      fsGroupChangePolicy: 9,
      seccompProfile: 10,
      appArmorProfile: 11,
      seLinuxChangePolicy: 13,
    },
  },
);

export type PodSecurityContext = Static<typeof PodSecurityContext>;

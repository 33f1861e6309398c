// The runtime package: the CRI-shaped interface, its two runtimes, and the helpers the kubelet uses.
export * from "./cri.js";
export { RuncRuntime, type RuncRuntimeOptions } from "./runc/runc-runtime.js";
export { BusyboxRootfsProvider, buildBusyboxRootfs, hostBusybox } from "./runc/busybox-rootfs.js";
export { DEFAULT_CAPABILITIES } from "./runc/capabilities.js";
export { ProcessRuntime, type ProcessRuntimeOptions } from "./process/process-runtime.js";
export {
  CriLogWriter,
  criTimestamp,
  parseCriLogLine,
  type CriLogLine,
  type CriLogOptions,
  type LogStream,
} from "./logs/cri-log.js";
export { linuxContainerResources, milliCPUToQuota, milliCPUToShares } from "./spec/resources.js";
export { processArgs, containerArgs, containerEnv } from "./spec/process-args.js";
export { defaultRuntime, type RuntimeChoice, type RuntimeName } from "./select.js";

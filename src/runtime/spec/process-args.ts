// How a container's command line, environment and working directory come from the image config and the
// pod spec, as the CRI runtimes (containerd's CRI plugin) combine them.
import type { ContainerConfig, ImageConfig } from "../cri.js";

export interface ProcessArgs {
  args: string[];
  env: string[];
  cwd: string;
}

/** command replaces the image Entrypoint and drops its Cmd; args replace only the Cmd. */
export function containerArgs(image: ImageConfig, config: ContainerConfig): string[] {
  const command = config.command ?? [];
  const args = config.args ?? [];
  if (command.length > 0) return [...command, ...args];
  const entrypoint = image.entrypoint ?? [];
  return [...entrypoint, ...(args.length > 0 ? args : (image.cmd ?? []))];
}

/** The image's env first, then the container's, a later value for a name replacing an earlier one in place. */
export function containerEnv(image: ImageConfig, config: ContainerConfig): string[] {
  const out = new Map<string, string>();
  for (const kv of image.env ?? []) {
    const i = kv.indexOf("=");
    if (i < 0) out.set(kv, "");
    else out.set(kv.slice(0, i), kv.slice(i + 1));
  }
  for (const { key, value } of config.envs ?? []) out.set(key, value);
  return [...out].map(([k, v]) => `${k}=${v}`);
}

export function containerCwd(image: ImageConfig, config: ContainerConfig): string {
  return config.workingDir || image.workingDir || "/";
}

export function processArgs(image: ImageConfig, config: ContainerConfig): ProcessArgs {
  return {
    args: containerArgs(image, config),
    env: containerEnv(image, config),
    cwd: containerCwd(image, config),
  };
}

/** The PATH upstream runtimes give a container whose image sets none. */
export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function withDefaultPath(env: string[]): string[] {
  return env.some((e) => e.startsWith("PATH=")) ? env : [DEFAULT_PATH, ...env];
}

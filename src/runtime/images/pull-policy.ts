// What the kubelet decides and says about an image before a container starts
// (pkg/kubelet/images/image_manager.go): whether to pull, and the waiting reasons and
// messages it shows. The back-off itself is the kubelet's; the words live here.

export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export const ImagePullReason = {
  ErrImagePull: "ErrImagePull",
  ImagePullBackOff: "ImagePullBackOff",
  ErrImageNeverPull: "ErrImageNeverPull",
  InvalidImageName: "InvalidImageName",
} as const;

/** Upstream's shouldPullImage. */
export function shouldPullImage(policy: PullPolicy, present: boolean): boolean {
  if (policy === "Never") return false;
  return policy === "Always" || !present;
}

/** The event (reason Failed) after a failed pull; `detail` is the PullError message. */
export function failedToPullMessage(image: string, detail: string): string {
  return `Failed to pull image "${image}": ${detail}`;
}

/** The waiting message and BackOff event while the pull is backing off. */
export function backOffPullingMessage(image: string): string {
  return `Back-off pulling image "${image}"`;
}

export function neverPullMessage(image: string): string {
  return `Container image "${image}" is not present with pull policy of Never`;
}

export function alreadyPresentMessage(image: string): string {
  return `Container image "${image}" already present on machine`;
}

export function pullingMessage(image: string): string {
  return `Pulling image "${image}"`;
}

/** The InvalidImageName waiting message for a reference that does not parse. */
export function invalidImageNameMessage(image: string, parseMessage: string): string {
  return `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${parseMessage}`;
}

// EnsureImageExists as the kubelet's image manager does it (pkg/kubelet/images/image_manager.go): the pull
// policy decides, a failed pull backs off per image and pod (10 s doubling to 5 min), and the events and
// waiting reasons are upstream's (Pulling, Pulled, Failed, BackOff; ErrImagePull, ImagePullBackOff, ...).
import type { AuthConfig, Image, ImageService } from "../../runtime/cri.js";
import {
  ImagePullReason,
  alreadyPresentMessage,
  backOffPullingMessage,
  failedToPullMessage,
  invalidImageNameMessage,
  neverPullMessage,
  pullingMessage,
  shouldPullImage,
  type PullPolicy,
} from "../../runtime/images/pull-policy.js";
import { parseReference } from "../../runtime/images/reference.js";
import { Backoff } from "../kuberuntime/backoff.js";

export type ImageEvent = { type: "Normal" | "Warning"; reason: string; message: string };

export type EnsureImageResult =
  { ok: true; imageRef: string } | { ok: false; reason: string; message: string };

export interface EnsureImageRequest {
  image: string;
  pullPolicy: PullPolicy;
  podUID: string;
  /** Credentials from the pod's imagePullSecrets, tried in order before anonymous. */
  auths: () => Promise<AuthConfig[]>;
  event: (e: ImageEvent) => void;
  /** Told the image's status once it is present (the kubelet reads the image's user from it instead of
   * asking the image service again). */
  present?: (image: Image) => void;
}

/** Go's time.Duration text for a few common magnitudes ("512ms", "1.234s"). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, "")}s`;
}

export class ImageManager {
  readonly backoff: Backoff;
  /** Pulls under way by image: concurrent pods needing one image wait for the same pull (serialized pulls). */
  private readonly pulling = new Map<
    string,
    Promise<{ ok: boolean; ref?: string; message?: string; ms: number }>
  >();

  /** Image status reads under way, by image. */
  private readonly reading = new Map<string, Promise<Image | null>>();

  constructor(
    private readonly images: ImageService,
    now: () => number = Date.now,
  ) {
    this.backoff = new Backoff(10_000, 300_000, now);
  }

  async ensureImageExists(r: EnsureImageRequest): Promise<EnsureImageResult> {
    const parsed = parseReference(r.image);
    if (!parsed.ok) {
      const message = invalidImageNameMessage(r.image, parsed.message);
      r.event({ type: "Warning", reason: ImagePullReason.InvalidImageName, message });
      return { ok: false, reason: ImagePullReason.InvalidImageName, message };
    }
    const present = await this.status(r.image);
    if (!shouldPullImage(r.pullPolicy, present !== null)) {
      if (present !== null) {
        r.present?.(present);
        r.event({ type: "Normal", reason: "Pulled", message: alreadyPresentMessage(r.image) });
        return { ok: true, imageRef: present.id };
      }
      const message = neverPullMessage(r.image);
      r.event({ type: "Warning", reason: ImagePullReason.ErrImageNeverPull, message });
      return { ok: false, reason: ImagePullReason.ErrImageNeverPull, message };
    }
    const key = `${r.image}_${r.podUID}`;
    if (this.backoff.isInBackOffSince(key, Date.now())) {
      const message = backOffPullingMessage(r.image);
      r.event({ type: "Normal", reason: "BackOff", message });
      return { ok: false, reason: ImagePullReason.ImagePullBackOff, message };
    }
    r.event({ type: "Normal", reason: "Pulling", message: pullingMessage(r.image) });
    const started = Date.now();
    const res = await this.pull(r.image, await r.auths());
    if (!res.ok) {
      const detail = res.message ?? "unknown error";
      r.event({ type: "Warning", reason: "Failed", message: failedToPullMessage(r.image, detail) });
      this.backoff.next(key, Date.now());
      return { ok: false, reason: ImagePullReason.ErrImagePull, message: detail };
    }
    this.backoff.reset(key);
    const total = Date.now() - started;
    const pulled = await this.images.imageStatus({ image: r.image });
    if (pulled !== null) r.present?.(pulled);
    const size = pulled?.size ?? 0;
    r.event({
      type: "Normal",
      reason: "Pulled",
      message: `Successfully pulled image "${r.image}" in ${goDuration(res.ms)} (${goDuration(total)} including waiting). Image size: ${size} bytes.`,
    });
    return { ok: true, imageRef: res.ref ?? "" };
  }

  /** The image's status; pods starting at the same time share one read of the image store. */
  private status(image: string): Promise<Image | null> {
    let p = this.reading.get(image);
    if (p === undefined) {
      p = this.images.imageStatus({ image }).finally(() => this.reading.delete(image));
      this.reading.set(image, p);
    }
    return p;
  }

  private pull(image: string, auths: AuthConfig[]) {
    let p = this.pulling.get(image);
    if (p === undefined) {
      p = (async () => {
        const t0 = Date.now();
        let last = "";
        for (const auth of [...auths, undefined]) {
          const r = await this.images.pullImage({ image }, auth);
          if (r.ok) return { ok: true, ref: r.value, ms: Date.now() - t0 };
          last = r.error.message;
        }
        return { ok: false, message: last, ms: Date.now() - t0 };
      })().finally(() => this.pulling.delete(image));
      this.pulling.set(image, p);
    }
    return p;
  }
}

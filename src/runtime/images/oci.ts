// OCI image-spec and Docker schema 2 documents, as far as k8ts reads and writes them.

export const MediaType = {
  ociLayout: "application/vnd.oci.image.layout.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
} as const;

export const RefNameAnnotation = "org.opencontainers.image.ref.name";
/** containerd's annotation with the full image name (an OCI ref.name is often just the tag). */
export const ContainerdImageNameAnnotation = "io.containerd.image.name";

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface Index {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

/** The runtime part of an image config ("config" in the OCI document). */
export interface ImageRuntimeConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageConfig {
  created?: string;
  architecture: string;
  os: string;
  config?: ImageRuntimeConfig;
  rootfs: { type: "layers"; diff_ids: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export function isIndexMediaType(mt: string | undefined): boolean {
  return mt === MediaType.ociIndex || mt === MediaType.dockerManifestList;
}

export function isManifestMediaType(mt: string | undefined): boolean {
  return mt === MediaType.ociManifest || mt === MediaType.dockerManifest;
}

/** The node's platform in OCI words (Node's "x64" is OCI's "amd64"). */
export function hostPlatform(): Platform {
  const arch: Record<string, string> = {
    x64: "amd64",
    arm64: "arm64",
    arm: "arm",
    ia32: "386",
    ppc64: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
  };
  return { os: "linux", architecture: arch[process.arch] ?? process.arch };
}

/** Picks the manifest for this node from an index, as containerd's default platform matcher does. */
export function selectPlatform(index: Index, want: Platform = hostPlatform()): Descriptor | undefined {
  const manifests = index.manifests.filter(
    (d) => isManifestMediaType(d.mediaType) || d.mediaType === undefined,
  );
  return (
    manifests.find((d) => d.platform?.os === want.os && d.platform.architecture === want.architecture) ??
    (manifests.length === 1 && manifests[0]?.platform === undefined ? manifests[0] : undefined)
  );
}

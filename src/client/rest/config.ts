// Connection settings for the API server, from a kubeconfig file (the same file kubectl reads).
import { readFile } from "node:fs/promises";
import { parse } from "yaml";

export interface RestConfig {
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
  /** Sustained requests per second and burst (client-go defaults 5 and 10; k8ts components raise them). */
  qps?: number;
  burst?: number;
  userAgent?: string;
}

const b64 = (s: string) => Buffer.from(s, "base64").toString();

async function dataOrFile(data: unknown, file: unknown): Promise<string | undefined> {
  if (typeof data === "string") return b64(data);
  if (typeof file === "string") return readFile(file, "utf8");
  return undefined;
}

/** Reads the current context of a kubeconfig. */
export async function loadKubeconfig(path: string, context?: string): Promise<RestConfig> {
  const kc = parse(await readFile(path, "utf8"));
  const ctxName = context ?? kc["current-context"];
  const ctx = (kc.contexts ?? []).find((c: any) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`kubeconfig ${path}: context ${ctxName} not found`);
  const cluster = (kc.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster;
  const user = (kc.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error(`kubeconfig ${path}: cluster ${ctx.cluster} has no server`);
  return {
    server: cluster.server,
    ca: await dataOrFile(cluster["certificate-authority-data"], cluster["certificate-authority"]),
    insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"] === true,
    cert: await dataOrFile(user["client-certificate-data"], user["client-certificate"]),
    key: await dataOrFile(user["client-key-data"], user["client-key"]),
    token: user.token ?? (user.tokenFile ? (await readFile(user.tokenFile, "utf8")).trim() : undefined),
  };
}

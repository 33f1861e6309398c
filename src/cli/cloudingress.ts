// The cloud controller manager and the ingress controller inside `k8ts server`, each loaded when it runs, each
// with its own identity (o.rest; src/cli/identities.ts).
import { RestClient } from "../client/rest/client.js";
import type { RestConfig } from "../client/rest/config.js";
import { clientFor } from "../client/index.js";
import { isAlreadyExists } from "../client/rest/errors.js";
import { ingressClasses } from "../api/networking/v1/ingressclass.js";
import { componentContext, runLeaderElected, type ComponentOptions } from "./components.js";

/** The cloud controller manager with the named provider (k3s's ServiceLB is the `local` one). */
export async function runCloudControllerManager(
  o: ComponentOptions,
  cloud: { provider: string; addresses?: string[] },
  signal: AbortSignal,
): Promise<void> {
  await runLeaderElected(o, "cloud-controller-manager", signal, async (s) => {
    const ctx = componentContext(o, "cloud-controller-manager", undefined, s);
    const { createCloudControllerManager } = await import("../cloud/index.js");
    const ccm = createCloudControllerManager(ctx, {
      provider: cloud.provider,
      providerConfig: cloud.addresses?.length ? { addresses: cloud.addresses } : {},
    });
    const running = ccm.run(s);
    ctx.informers.start(s);
    await running;
    await ctx.informers.stopped();
    ctx.client.close();
  });
}

/**
 * The ingress controller (IngressClass k8ts) serving HTTP and HTTPS on this host. The IngressClass is installed
 * with `ing.installRest` (the server's identity, as a chart installs it); the controller's own identity (o.rest)
 * only reads and reports status.
 */
export async function runIngressController(
  o: ComponentOptions,
  ing: { httpPort: number; httpsPort: number; addresses: string[]; installRest: RestConfig },
  signal: AbortSignal,
): Promise<void> {
  const ctx = componentContext(o, "ingress-controller", undefined, signal);
  try {
    const { createIngressController, defaultIngressClass } = await import("../ingress/index.js");
    const install = new RestClient({ ...ing.installRest, userAgent: "k8ts/server" });
    try {
      await clientFor(install, ingressClasses).create("", defaultIngressClass());
      ctx.log.info({ class: defaultIngressClass().metadata?.name }, "created the default IngressClass");
    } catch (e) {
      if (!isAlreadyExists(e)) ctx.log.warn({ err: String(e) }, "could not create the IngressClass");
    } finally {
      install.close();
    }
    const c = createIngressController(ctx, {
      httpAddress: "0.0.0.0",
      httpPort: ing.httpPort,
      httpsPort: ing.httpsPort,
      addresses: ing.addresses,
      ensureClass: false,
    });
    const running = c.run(signal);
    ctx.informers.start(signal);
    void c.ports().then((p) => {
      ctx.log.info(p, "ingress controller serving");
      process.stdout.write(`k8ts ingress controller serving http on :${p.http}, https on :${p.https}\n`);
    });
    await running;
    await ctx.informers.stopped();
  } finally {
    ctx.client.close();
  }
}

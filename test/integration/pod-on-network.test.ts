// The worker-node data plane without the control plane: the busybox image built from
// busybox-static into the image store, run by the runc runtime in a sandbox whose network the
// CNI bridge sets up; the container's httpd answers at the pod IP; removal leaves nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CniNetwork } from "../../src/network/cni.js";
import { buildBusyboxImage } from "../../src/runtime/images/busybox.js";
import { StoreImageService } from "../../src/runtime/images/image-service.js";
import { ImageStore } from "../../src/runtime/images/store.js";
import { RuncRuntime } from "../../src/runtime/runc/runc-runtime.js";

const run = promisify(execFile);

async function whySkip(): Promise<string | false> {
  if (process.platform !== "linux" || process.getuid?.() !== 0)
    return "needs root on Linux (runc, network namespaces, iptables)";
  for (const [bin, pkg] of [
    ["runc", "runc"],
    ["iptables-save", "iptables"],
    ["/bin/busybox", "busybox-static"],
    ["/usr/lib/cni/bridge", "containernetworking-plugins"],
  ] as const) {
    const found = await run("sh", ["-c", `command -v ${bin}`]).then(
      () => true,
      () => false,
    );
    if (!found) return `${bin} is missing (apt-get install ${pkg})`;
  }
  return false;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

test(
  "a busybox:1.35 pod from the image store serves HTTP at its CNI pod IP",
  { skip: await whySkip() },
  async (t) => {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-pod-network-"));
    const id = randomBytes(3).toString("hex");
    const routes = (await run("ip", ["-4", "route", "show", "table", "all"])).stdout;
    let third = 0;
    while (routes.includes(`10.234.${third}.`)) third++;
    const store = await ImageStore.open(path.join(base, "images"));
    const built = await buildBusyboxImage(store);
    assert.ok(built.ok, built.ok ? "" : built.message);
    const network = await CniNetwork.create({
      podCIDR: `10.234.${third}.0/24`,
      confDir: path.join(base, "net.d"),
      dataDir: path.join(base, "cni"),
      bridge: `k8tsp${id}`,
      networkName: `k8ts-pod-${id}`,
    });
    const rt = await RuncRuntime.open({
      root: path.join(base, "state"),
      rootfs: new StoreImageService(store),
      network,
    });
    t.after(async () => {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
      await network.removeBridge();
      await fs.rm(base, { recursive: true, force: true });
    });

    const config = {
      metadata: { name: "web", uid: `web-${id}`, namespace: "default", attempt: 0 },
      logDirectory: path.join(base, "logs", "web"),
    };
    const sandbox = await rt.runPodSandbox(config);
    assert.ok(sandbox.ok, sandbox.ok ? "" : sandbox.error.message);
    const status = await rt.podSandboxStatus(sandbox.value);
    assert.ok(status.ok);
    const ip = status.value.network.ip;
    assert.match(ip, new RegExp(`^10\\.234\\.${third}\\.\\d+$`));
    const image = built.image.repoTags[0]?.replace("docker.io/library/", "") ?? "";
    const c = await rt.createContainer(
      sandbox.value,
      {
        metadata: { name: "web", attempt: 0 },
        image: { image },
        command: ["httpd", "-f", "-p", "8080", "-h", "/etc"],
        logPath: "web/0.log",
      },
      config,
    );
    assert.ok(c.ok, c.ok ? "" : c.error.message);
    const started = await rt.startContainer(c.value);
    assert.ok(started.ok, started.ok ? "" : started.error.message);
    let res: { status: number; body: string } | undefined;
    for (let i = 0; i < 100 && res === undefined; i++) {
      res = await get(`http://${ip}:8080/passwd`).catch(async () => {
        await new Promise((r) => setTimeout(r, 50));
        return undefined;
      });
    }
    assert.equal(res?.status, 200);
    assert.match(res.body, /^root:x:0:0:/);

    const removed = await rt.removePodSandbox(sandbox.value);
    assert.ok(removed.ok);
    assert.doesNotMatch((await run("iptables-save")).stdout, new RegExp(sandbox.value));
    assert.equal((await run("ip", ["-o", "link", "show", "master", `k8tsp${id}`])).stdout.trim(), "");
    await assert.rejects(fs.access(`/run/netns/k8ts-${sandbox.value.slice(0, 16)}`));
  },
);

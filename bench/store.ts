// Store benchmarks: the SQLite store and the etcd store (our EtcdStore on a real etcd), side by side with
// etcd's own rate through the raw etcd3 client (plain puts, same concurrency) as the reference.
// Called by bench/run.ts; returns rows, prints nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Etcd3 } from "etcd3";
import { SqliteStore } from "../src/storage/sqlite/sqlite-store.js";
import { EtcdStore } from "../src/storage/etcd/etcd-store.js";
import { etcdAvailable, startEtcd } from "../src/storage/etcd/testing.js";
import type { Store } from "../src/storage/store.js";

export interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const SEQUENTIAL_CREATES = 2000;
const CONCURRENT_CREATES = 4000;
const WRITERS = 16;
const GETS = 5000;
const LIST_KEYS = 10_000;
const LIST_RUNS = 5;
const WATCH_WRITES = 500;

/** A pod-sized object (~1.3 KB of JSON), as the API server would store it. */
function podJson(name: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      uid: "6f1b0a7e-8a1c-4a55-9d0e-3b2f0c4d5e6f",
      labels: { app: "web", tier: "frontend", "pod-template-hash": "5d8f7c9b6" },
      annotations: { "kubernetes.io/created-by": "bench" },
      creationTimestamp: "2024-01-01T00:00:00Z",
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web-5d8f7c9b6",
          uid: "0a1b2c3d",
          controller: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: "web",
          image: "registry.local/web:1.2.3",
          ports: [{ containerPort: 8080, protocol: "TCP" }],
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
          env: [{ name: "MODE", value: "production" }],
          readinessProbe: { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 10 },
        },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: "default",
      nodeName: "node-1",
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
      ],
    },
    status: { phase: "Running", podIP: "10.42.0.17", hostIP: "10.0.0.1", qosClass: "Burstable" },
  });
}

const key = (prefix: string, i: number) => `${prefix}${String(i).padStart(6, "0")}`;

function perSecond(ops: number, ms: number): number {
  return Math.round((ops / ms) * 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `total` operations across `writers` concurrent loops. */
async function concurrently(
  total: number,
  writers: number,
  op: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) await op(next++);
    }),
  );
}

async function benchBackend(label: string, store: Store): Promise<Row[]> {
  const rows: Row[] = [];
  const value = podJson("bench");

  const seqMs = await timed(async () => {
    for (let i = 0; i < SEQUENTIAL_CREATES; i++) await store.create(key("/registry/pods/seq/p", i), value);
  });
  rows.push({
    name: `store ${label}: create, 1 writer`,
    value: perSecond(SEQUENTIAL_CREATES, seqMs),
    unit: "ops/s",
  });

  const concMs = await timed(() =>
    concurrently(CONCURRENT_CREATES, WRITERS, (i) => store.create(key("/registry/pods/conc/p", i), value)),
  );
  rows.push({
    name: `store ${label}: create, ${WRITERS} writers`,
    value: perSecond(CONCURRENT_CREATES, concMs),
    unit: "ops/s",
  });

  const getMs = await timed(async () => {
    for (let i = 0; i < GETS; i++)
      await store.get(key("/registry/pods/seq/p", (i * 7919) % SEQUENTIAL_CREATES));
  });
  rows.push({ name: `store ${label}: get, 1 reader`, value: perSecond(GETS, getMs), unit: "ops/s" });

  await concurrently(LIST_KEYS, WRITERS, (i) =>
    store.create(key("/registry/pods/list/p", i), podJson(`p${i}`)),
  );
  const listTimes: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) {
    listTimes.push(
      await timed(async () => {
        const res = await store.list("/registry/pods/list/");
        if (res.items.length !== LIST_KEYS)
          throw new Error(`listed ${res.items.length} keys, not ${LIST_KEYS}`);
      }),
    );
  }
  listTimes.sort((a, b) => a - b);
  rows.push({
    name: `store ${label}: list ${LIST_KEYS} keys`,
    value: Number(percentile(listTimes, 50).toFixed(1)),
    unit: "ms",
    note: `median of ${LIST_RUNS}, ~1.3 KB values`,
  });

  const latencies: number[] = [];
  const sent = new Map<string, number>();
  const stop = new AbortController();
  let received = 0;
  let done: () => void = () => {};
  let failed: (err: Error) => void = () => {};
  const all = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  store.watch("/registry/pods/watch/", {
    afterRevision: (await store.revisions()).current,
    signal: stop.signal,
    onEvent: (ev) => {
      latencies.push(performance.now() - sent.get(ev.kv.key)!);
      if (++received === WATCH_WRITES) done();
    },
    onError: failed,
  });
  for (let i = 0; i < WATCH_WRITES; i++) {
    const k = key("/registry/pods/watch/p", i);
    sent.set(k, performance.now());
    await store.create(k, value);
  }
  await all;
  stop.abort();
  latencies.sort((a, b) => a - b);
  rows.push({
    name: `store ${label}: watch delivery p50`,
    value: Number(percentile(latencies, 50).toFixed(3)),
    unit: "ms",
    note: "from write call to event",
  });
  rows.push({
    name: `store ${label}: watch delivery p99`,
    value: Number(percentile(latencies, 99).toFixed(3)),
    unit: "ms",
  });
  return rows;
}

/** etcd's own rate: plain puts through the raw etcd3 client, no transaction. */
async function benchRawEtcd(endpoint: string): Promise<Row[]> {
  const client = new Etcd3({ hosts: endpoint });
  const value = Buffer.from(podJson("bench"));
  try {
    const seqMs = await timed(async () => {
      for (let i = 0; i < SEQUENTIAL_CREATES; i++) {
        await client.kv.put({ key: Buffer.from(key("/raw/seq/p", i)), value });
      }
    });
    const concMs = await timed(() =>
      concurrently(CONCURRENT_CREATES, WRITERS, (i) =>
        client.kv.put({ key: Buffer.from(key("/raw/conc/p", i)), value }),
      ),
    );
    return [
      {
        name: "etcd reference (raw put): 1 writer",
        value: perSecond(SEQUENTIAL_CREATES, seqMs),
        unit: "ops/s",
        note: "etcd3 client, no txn",
      },
      {
        name: `etcd reference (raw put): ${WRITERS} writers`,
        value: perSecond(CONCURRENT_CREATES, concMs),
        unit: "ops/s",
      },
    ];
  } finally {
    client.close();
  }
}

export async function benchStore(): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), "k8ts-bench-store-"));
  try {
    const sqlite = new SqliteStore({ path: join(dir, "state.db") });
    try {
      rows.push(...(await benchBackend("sqlite", sqlite)));
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!etcdAvailable()) {
    rows.push({ name: "store etcd", value: 0, unit: "", note: "skipped: no etcd binary" });
    return rows;
  }
  const etcd = await startEtcd();
  try {
    const store = new EtcdStore({ endpoints: [etcd.endpoint] });
    try {
      rows.push(...(await benchBackend("etcd", store)));
    } finally {
      await store.close();
    }
    rows.push(...(await benchRawEtcd(etcd.endpoint)));
  } finally {
    await etcd.stop();
  }
  return rows;
}

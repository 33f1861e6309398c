// WATCH, served from the watch cache: headers are flushed at once, then newline-delimited
// {"type","object"} events. resourceVersion semantics as upstream's cacher: unset/"0" start with
// synthetic ADDED events for the current state (sendInitialEvents, on by default for those), "N" replays
// what changed after N; too old is an ERROR event with a 410 Expired Status. BOOKMARKs when allowed.
import { negotiateOutput } from "../request/negotiate.js";
import { parseResourceVersion } from "../registry/generic.js";
import { listPrefix } from "../registry/resource.js";
import { StatusError, tooLargeResourceVersion, tooManyRequests } from "../errors.js";
import { CacheWatcher, type WatchEncoder } from "../watchcache/watcher.js";
import type { CachedObject } from "../watchcache/object.js";
import { jsonWatchEncoder, partialMetadataWatchEncoder, tableWatchEncoder } from "../response/watch.js";
import { tableOptions, type ListOptions } from "./options.js";
import type { RequestScope } from "./scope.js";

const blockTimeoutMs = 3000;
export const initialEventsEndAnnotation = "k8s.io/initial-events-end";
export const initialEventsListBlueprintAnnotation = "kubernetes.io/initial-events-list-blueprint";

export async function serveWatch(s: RequestScope, opts: ListOptions): Promise<void> {
  const out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: true });
  s.out = out;
  const info = s.resource;
  const { cache } = s.services;
  const rv = parseResourceVersion(info, opts.resourceVersion);
  if (!cache.ready) throw tooManyRequests("storage is (re)initializing", 1);

  let encoder: WatchEncoder;
  if (out.convert === "Table") encoder = tableWatchEncoder(info, tableOptions(s.query), out.convertVersion!);
  else if (out.convert) encoder = partialMetadataWatchEncoder(out.convertVersion!);
  else encoder = jsonWatchEncoder(info);

  // Which objects this watch sees.
  const fs = opts.fieldSelector;
  const ls = opts.labelSelector;
  const name = s.name || fs.requiresExactMatch("metadata.name");
  const prefix = listPrefix(info, s.namespace);
  const filter = (o: CachedObject) =>
    o.key.startsWith(prefix) &&
    (name === undefined || o.name === name) &&
    (ls.empty || ls.matches(o.labels)) &&
    (fs.empty || fs.matches(o.fields));

  const timeoutMs =
    opts.timeoutSeconds !== undefined && opts.timeoutSeconds > 0
      ? opts.timeoutSeconds * 1000
      : s.services.minRequestTimeoutMs * (1 + Math.random());

  // Bring the cache up to the revision the request needs; failing that is an ERROR event, as upstream.
  let failure: StatusError | undefined;
  const initial = opts.sendInitialEvents === true;
  if (initial && opts.resourceVersion === "") {
    if (!(await cache.waitFresh(blockTimeoutMs)))
      failure = tooLargeResourceVersion((await currentRevision(s)) ?? cache.revision, cache.revision, 1);
  } else if (rv > 0) {
    if (!(await cache.waitFor(rv, blockTimeoutMs))) failure = tooLargeResourceVersion(rv, cache.revision, 1);
  } else if (opts.resourceVersion === "" && !initial) {
    if (!(await cache.waitFresh(blockTimeoutMs)))
      failure = tooLargeResourceVersion(cache.revision + 1, cache.revision, 1);
  }

  const res = s.res;
  if (res.destroyed) return;
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Transfer-Encoding": "chunked",
    "Cache-Control": "no-cache, private",
  });
  res.flushHeaders();

  const rc = cache.cacheFor(info);
  const timers: NodeJS.Timeout[] = [];
  const onAbort = () => watcher.stop();
  const watcher = new CacheWatcher({
    encoder,
    sink: res,
    filter,
    maxBuffered: s.services.maxWatchBuffer,
    convert: info.storage ? (o) => s.registry.view(o) : undefined,
    onStop: (w) => {
      rc.watchers.delete(w);
      for (const t of timers) clearTimeout(t);
      s.services.stopping.removeEventListener("abort", onAbort);
    },
  });
  res.on("close", () => watcher.stop());
  if (s.services.stopping.aborted) return watcher.stop();
  s.services.stopping.addEventListener("abort", onAbort, { once: true });

  if (failure) return watcher.error(failure.status);

  // From here to registering the watcher nothing awaits, so no event can slip between the two.
  res.cork();
  try {
    if (initial) {
      const startRv = cache.revision;
      for (const o of s.registry.fromCache(s.namespace, { labelSelector: ls, fieldSelector: fs }))
        watcher.added(o);
      if (opts.allowWatchBookmarks) {
        const annotations: Record<string, string> = { [initialEventsEndAnnotation]: "true" };
        if (!out.convert) {
          const blueprint = `{"kind":${JSON.stringify(info.listKind)},"apiVersion":${JSON.stringify(info.apiVersion)},"metadata":{},"items":null}\n`;
          annotations[initialEventsListBlueprintAnnotation] = Buffer.from(blueprint).toString("base64");
        }
        watcher.bookmark(startRv, annotations);
      }
    } else if (rv > 0) {
      const events = rc.eventsSince(rv);
      if (events instanceof StatusError) return watcher.error(events.status);
      for (const ev of events) watcher.deliver(ev);
    }
    if (watcher.isStopped) return;
    rc.watchers.add(watcher);
  } finally {
    process.nextTick(() => res.uncork());
  }

  if (opts.allowWatchBookmarks) {
    const every = s.services.bookmarkIntervalMs;
    const tick = () => {
      watcher.bookmark(cache.revision);
      timers[0] = setTimeout(tick, every);
    };
    timers[0] = setTimeout(tick, every);
    // one more right before the watch times out, so the client resumes from the newest revision
    if (timeoutMs > 2000) timers.push(setTimeout(() => watcher.bookmark(cache.revision), timeoutMs - 2000));
  }
  timers.push(setTimeout(() => watcher.stop(), timeoutMs));
}

async function currentRevision(s: RequestScope): Promise<number | undefined> {
  try {
    return await s.registry.storeRevision();
  } catch {
    return undefined;
  }
}

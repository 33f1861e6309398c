// The generic registry of one resource, as upstream's genericregistry.Store: create, get, list, update,
// delete and deletecollection over the Store, with the strategy steps (prepare, validate, admission,
// generation, graceful deletion, finalizers) in upstream's order. Reads come from the watch cache where
// upstream serves them from it.
import type { KubeObject, ObjectMeta as StrictObjectMeta } from "../../api/meta/v1/types.js";
import type { FieldError } from "../../api/validation/field.js";
import { invalid as fieldInvalid, notSupported } from "../../api/validation/field.js";
import type { LabelSelector } from "../../api/labels/selector.js";
import type { FieldSelector } from "../../api/fields/selector.js";
import { StoreError, type Store, type KeyValue } from "../../storage/store.js";
import {
  alreadyExists,
  badRequest,
  conflict,
  generateNameConflict,
  internalError,
  invalid,
  notFound,
  optimisticLockErrorMsg,
  resourceExpired,
  StatusError,
  tooLargeResourceVersion,
  type Status,
} from "../errors.js";
import type { AdmissionChain, Attributes, Operation } from "../admission/admission.js";
import type { UserInfo } from "../authn/user.js";
import { deepCopy, encodeForStorage, withResourceVersion } from "../storage/codec.js";
import { CachedObject } from "../watchcache/object.js";
import type { WatchCache } from "../watchcache/cache.js";
import { listPrefix, objectKey, type ResourceInfo } from "./resource.js";
import { decodeContinue, encodeContinue } from "./continue.js";
import {
  generateName,
  newUID,
  nowTimestamp,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./objectmeta.js";

/** ObjectMeta with every field optional, as objects really are. */
type ObjectMeta = Partial<StrictObjectMeta>;
const metaOf = (o: KubeObject): ObjectMeta => o.metadata;

/** Who writes, and how (the parts of Create/Update/PatchOptions the registry needs). */
export interface WriteContext {
  user: UserInfo;
  dryRun: boolean;
  fieldManager: string;
  /** The subresource written through ("" for the main resource). */
  subresource: string;
  /** Warnings for the response's Warning headers. */
  warnings: string[];
}

/** Maintains metadata.managedFields on every write (wired to the patch package's field manager). */
export interface ManagedFieldsHook {
  update(
    live: KubeObject | undefined,
    obj: KubeObject,
    manager: string,
    subresource: string,
    apiVersion: string,
  ): KubeObject;
}

export interface RegistryHooks {
  admission: AdmissionChain;
  /** Field manager; without it managedFields are kept as written. */
  managedFields?: ManagedFieldsHook;
  /** Canonical forms before storing (quantities). */
  canonicalize?: (obj: KubeObject, info: ResourceInfo) => void;
  /** Allocations a write needs (service IPs and node ports): returns what releases the reservations. */
  allocate?: (info: ResourceInfo, obj: KubeObject, old?: KubeObject) => (() => void) | undefined;
}

export interface ListParams {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit: number;
  continue: string;
  resourceVersion: string;
  resourceVersionMatch: string;
}

export interface ListResult {
  items: CachedObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** How an update computes the new object from the current one (upstream rest.UpdatedObjectInfo). */
export interface UpdatedObjectInfo {
  /** The new object, given a private copy of the current one (undefined when it does not exist). */
  updatedObject(current: KubeObject | undefined): Promise<KubeObject> | KubeObject;
  /** Preconditions carried by the request body. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: string;
  dryRun?: string[];
}

export interface DeleteResult {
  /** The object (graceful or pending deletion, or ReturnDeletedObject) or a Success Status. */
  object?: CachedObject;
  status?: Status;
  /** Whether the object is gone. */
  deleted: boolean;
}

/** Seconds upstream waits for the cache to reach a requested resourceVersion. */
const blockTimeoutMs = 3000;
const maxNameGenerationCreateAttempts = 8;
const maxLimit = 10000;
const maxUpdateAttempts = 32;

const expiredList = "The resourceVersion for the provided list is too old.";
const inconsistentContinue =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without " +
  "the continue parameter, or use the continue token in this response to retrieve the remainder of the results. " +
  "Continuing with the provided token results in an inconsistent list - objects that were created, modified, or " +
  "deleted between the time the first chunk was returned and now may show up in the list.";

export const finalizerOrphan = "orphan";
export const finalizerForeground = "foregroundDeletion";

function parseRV(rv: string): number | StatusError {
  if (rv === "" || rv === "0") return 0;
  if (!/^[0-9]+$/.test(rv) || !Number.isSafeInteger(Number(rv))) {
    const msg = /^[0-9]+$/.test(rv) ? "value out of range" : "invalid syntax";
    return invalid({ group: "", kind: "" }, "", [
      fieldInvalid("resourceVersion", rv, `strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${msg}`),
    ]);
  }
  return Number(rv);
}

/** A resourceVersion query parameter as a number, or a 422 as upstream's storage versioner reports. */
export function parseResourceVersion(info: ResourceInfo, rv: string, name = ""): number {
  const r = parseRV(rv);
  if (r instanceof StatusError) {
    const causes = r.status.details?.causes ?? [];
    throw invalid({ group: info.group, kind: info.plural }, name, [
      fieldInvalid(
        "resourceVersion",
        rv,
        (causes[0]?.message ?? "").replace(/^Invalid value: "[^"]*": /, ""),
      ),
    ]);
  }
  return r;
}

/** Top-level fields whose change bumps metadata.generation (everything but metadata and status). */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === "metadata" || k === "status" || k === "apiVersion" || k === "kind") continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return true;
  }
  return false;
}

export class GenericRegistry {
  constructor(
    readonly info: ResourceInfo,
    private readonly store: Store,
    readonly cache: WatchCache,
    private readonly hooks: RegistryHooks,
  ) {}

  private get rc() {
    return this.cache.cacheFor(this.info);
  }

  key(namespace: string, name: string): string {
    return objectKey(this.info, namespace, name);
  }

  private wrap(kv: KeyValue): CachedObject {
    return this.view(this.rc.fromStore(kv.key, kv.value, kv.modRevision));
  }

  private readonly views = new WeakMap<CachedObject, CachedObject>();

  /** A stored object as this version serves it (itself, unless this version is stored as another). */
  view(o: CachedObject): CachedObject {
    const st = this.info.storage;
    if (!st || o.info === this.info) return o;
    let v = this.views.get(o);
    if (!v) {
      v = new CachedObject(
        this.info,
        o.key,
        o.rv,
        withResourceVersion(st.fromStorage(o.obj), o.obj.metadata.resourceVersion, this.info.fieldOrder),
      );
      this.views.set(o, v);
    }
    return v;
  }

  /** The object as stored, and the key order of the stored text. */
  private stored(obj: KubeObject): { obj: KubeObject; order: string[] } {
    const st = this.info.storage;
    return st ? { obj: st.toStorage(obj), order: st.info.fieldOrder } : { obj, order: this.info.fieldOrder };
  }

  private storeFailure(e: unknown): StatusError {
    if (e instanceof StatusError) return e;
    if (e instanceof StoreError && e.code === "Unavailable")
      return new StatusError({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: `The ${this.info.plural} operation against ${this.info.plural} could not be completed at this time, please try again.`,
        reason: "ServerTimeout",
        details: { group: this.info.group || undefined, kind: this.info.plural, retryAfterSeconds: 2 },
        code: 500,
      });
    return internalError(e);
  }

  notFound(name: string): StatusError {
    return notFound(this.info.gr, name);
  }

  /** Runs a store write the watch cache was told about, so its event reuses `obj`. */
  private async writing(
    key: string,
    value: string,
    storedObj: KubeObject,
    order: string[],
    write: () => Promise<KeyValue>,
  ): Promise<KeyValue> {
    this.cache.expectWrite(key, value, storedObj, order);
    try {
      return await write();
    } catch (e) {
      this.cache.forget(key, value);
      throw e;
    }
  }

  /** The store's current revision. */
  async storeRevision(): Promise<number> {
    return (await this.store.revisions()).current;
  }

  // ---- reads ----

  /** GET: from the store (a consistent read), or the cache for resourceVersion=0. */
  async get(namespace: string, name: string, resourceVersion = ""): Promise<CachedObject> {
    const key = this.key(namespace, name);
    const rv = parseResourceVersion(this.info, resourceVersion, name);
    if (rv === 0 && resourceVersion === "0" && this.cache.ready) {
      const c = this.rc.get(key);
      if (!c) throw notFound(this.info.gr, name);
      return this.view(c);
    }
    if (rv > 0 && this.cache.ready) {
      if (!(await this.cache.waitFor(rv, blockTimeoutMs)))
        throw tooLargeResourceVersion(rv, this.cache.revision, 1);
      const c = this.rc.get(key);
      if (!c) throw notFound(this.info.gr, name);
      return this.view(c);
    }
    let kv: KeyValue | undefined;
    try {
      kv = (await this.store.get(key)).kv;
    } catch (e) {
      throw this.storeFailure(e);
    }
    if (!kv) throw notFound(this.info.gr, name);
    return this.wrap(kv);
  }

  /** The current object or undefined, straight from the store. */
  async current(namespace: string, name: string): Promise<{ obj: CachedObject; kv: KeyValue } | undefined> {
    let kv: KeyValue | undefined;
    try {
      kv = (await this.store.get(this.key(namespace, name))).kv;
    } catch (e) {
      throw this.storeFailure(e);
    }
    return kv ? { obj: this.wrap(kv), kv } : undefined;
  }

  private matches(o: CachedObject, p: Pick<ListParams, "labelSelector" | "fieldSelector">): boolean {
    return (
      (p.labelSelector.empty || p.labelSelector.matches(o.labels)) &&
      (p.fieldSelector.empty || p.fieldSelector.matches(o.fields))
    );
  }

  /** LIST: from the cache unless upstream would go to storage (continue, limit, resourceVersionMatch=Exact). */
  async list(namespace: string, p: ListParams): Promise<ListResult> {
    const delegate =
      p.continue !== "" ||
      (p.limit > 0 && p.resourceVersion !== "0") ||
      (p.resourceVersionMatch !== "" && p.resourceVersionMatch !== "NotOlderThan");
    if (delegate || !this.cache.ready) return this.listFromStore(namespace, p);
    const rv = parseResourceVersion(this.info, p.resourceVersion);
    if (p.resourceVersion === "") {
      // consistent read: the cache must have seen the store's current revision
      if (!(await this.cache.waitFresh(blockTimeoutMs))) return this.listFromStore(namespace, p);
    } else if (rv > 0) {
      if (!(await this.cache.waitFor(rv, blockTimeoutMs)))
        throw tooLargeResourceVersion(rv, this.cache.revision, 1);
    }
    return { items: this.fromCache(namespace, p), resourceVersion: String(this.cache.revision) };
  }

  /** Objects in the cache matching namespace and selectors; a name-pinning field selector is a key lookup. */
  fromCache(namespace: string, p: Pick<ListParams, "labelSelector" | "fieldSelector">): CachedObject[] {
    const rc = this.rc;
    const name = p.fieldSelector.requiresExactMatch("metadata.name");
    const ns =
      namespace || (this.info.namespaced ? p.fieldSelector.requiresExactMatch("metadata.namespace") : "");
    if (name !== undefined && (ns || !this.info.namespaced)) {
      const c = rc.get(this.key(ns ?? "", name));
      const o = c && this.view(c);
      return o && this.matches(o, p) ? [o] : [];
    }
    const out: CachedObject[] = [];
    for (const c of rc.range(listPrefix(this.info, ns ?? ""))) {
      const o = this.view(c);
      if (this.matches(o, p)) out.push(o);
    }
    return out;
  }

  private async listFromStore(namespace: string, p: ListParams): Promise<ListResult> {
    const prefix = listPrefix(this.info, namespace);
    let startKey: string | undefined;
    let withRev = 0;
    const paging = p.limit > 0;
    if (p.continue) {
      const c = decodeContinue(p.continue, prefix);
      if (p.resourceVersion !== "" && p.resourceVersion !== "0")
        throw badRequest("specifying resource version is not allowed when using continue");
      startKey = c.startKey;
      if (c.rv > 0) withRev = c.rv;
    } else if (p.resourceVersion !== "") {
      const rv = parseResourceVersion(this.info, p.resourceVersion);
      if (p.resourceVersionMatch === "Exact") withRev = rv;
      else if (p.resourceVersionMatch === "" && p.limit > 0 && rv > 0) withRev = rv;
    }
    const minRV = p.resourceVersion && !p.continue ? parseResourceVersion(this.info, p.resourceVersion) : 0;
    const items: CachedObject[] = [];
    let limit = p.limit;
    let lastKey = "";
    let hasMore = false;
    let remaining = 0;
    for (;;) {
      let res;
      try {
        res = await this.store.list(prefix, {
          revision: withRev || undefined,
          limit: limit || undefined,
          startKey,
        });
      } catch (e) {
        if (e instanceof StoreError && e.code === "Compacted") {
          if (p.continue) {
            const err = resourceExpired(inconsistentContinue);
            err.status.metadata.continue = encodeContinue(startKey ?? prefix, prefix, -1);
            throw err;
          }
          throw resourceExpired(expiredList);
        }
        throw this.storeFailure(e);
      }
      if (minRV > res.revision) throw tooLargeResourceVersion(minRV, res.revision, 0);
      if (withRev === 0) withRev = res.revision;
      hasMore = res.more;
      remaining = res.remaining;
      for (const kv of res.items) {
        if (paging && items.length >= p.limit) {
          hasMore = true;
          break;
        }
        lastKey = kv.key;
        let o: CachedObject;
        try {
          o = this.wrap(kv);
        } catch (e) {
          throw internalError(e);
        }
        if (this.matches(o, p)) items.push(o);
      }
      if (!hasMore || !paging) break;
      if (items.length >= p.limit) break;
      startKey = lastKey + "\x00";
      if (limit < maxLimit) limit = Math.min(limit * 2, maxLimit);
    }
    const out: ListResult = { items, resourceVersion: String(withRev) };
    if (hasMore) {
      out.continue = encodeContinue(lastKey + "\x00", prefix, withRev);
      if (p.labelSelector.empty && p.fieldSelector.empty) out.remainingItemCount = remaining;
    }
    return out;
  }

  // ---- writes ----

  private attributes(
    op: Operation,
    ctx: WriteContext,
    namespace: string,
    name: string,
    obj?: KubeObject,
    old?: KubeObject,
  ): Attributes {
    return {
      operation: op,
      resource: this.info,
      subresource: ctx.subresource,
      namespace,
      name,
      object: obj,
      oldObject: old,
      user: ctx.user,
      warnings: ctx.warnings,
      dryRun: ctx.dryRun,
    };
  }

  /** Upstream EnsureObjectNamespaceMatchesRequestNamespace. */
  private ensureNamespace(meta: ObjectMeta, requestNamespace: string): void {
    const expected = this.info.namespaced ? requestNamespace : "";
    const objNs = meta.namespace ?? "";
    if (objNs === expected) return;
    if (objNs === "") meta.namespace = expected;
    else if (expected === "") delete meta.namespace;
    else
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    if (meta.namespace === "") delete meta.namespace;
  }

  private validateCreate(obj: KubeObject): void {
    const errs: FieldError[] = validateObjectMeta(
      obj.metadata,
      this.info.namespaced,
      this.info.rt.nameValidator,
    );
    if (this.info.rt.validate) errs.push(...this.info.rt.validate(obj));
    if (errs.length) throw invalid(this.info.gk, obj.metadata.name ?? "", errs);
  }

  private validateUpdate(obj: KubeObject, old: KubeObject): void {
    const errs: FieldError[] = validateObjectMeta(
      obj.metadata,
      this.info.namespaced,
      this.info.rt.nameValidator,
    );
    errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata));
    const rt = this.info.rt;
    if (rt.validateUpdate) errs.push(...rt.validateUpdate(obj, old));
    else if (rt.validate) errs.push(...rt.validate(obj));
    if (errs.length) throw invalid(this.info.gk, obj.metadata.name ?? "", errs);
  }

  /** PrepareForCreate: status is not the client's to set, generation starts at 1. */
  private prepareForCreate(obj: KubeObject): void {
    const rt = this.info.rt;
    if (rt.status && !rt.keepStatusOnCreate) obj.status = {};
    if (rt.generation) metaOf(obj).generation = 1;
    else delete metaOf(obj).generation;
    rt.prepareForCreate?.(obj);
  }

  private ttl(): { ttlSeconds?: number } {
    return this.info.rt.ttlSeconds ? { ttlSeconds: this.info.rt.ttlSeconds } : {};
  }

  /**
   * CREATE. `obj` is decoded, defaulted and mutating-admitted by the caller... except admission, which runs
   * here so that every path (POST, create-on-PUT, apply) shares it.
   */
  async create(namespace: string, obj: KubeObject, ctx: WriteContext): Promise<CachedObject> {
    (obj as { metadata?: ObjectMeta }).metadata ??= {};
    await this.hooks.admission.admit(this.attributes("CREATE", ctx, namespace, obj.metadata.name ?? "", obj));
    const generate = !obj.metadata.name && !!obj.metadata.generateName;
    let lastErr: unknown;
    for (let attempt = 0; attempt < (generate ? maxNameGenerationCreateAttempts : 1); attempt++) {
      const candidate = generate ? deepCopy(obj) : obj;
      try {
        return await this.createOnce(namespace, candidate, ctx, generate);
      } catch (e) {
        lastErr = e;
        if (!(generate && e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
      }
    }
    throw lastErr;
  }

  private async createOnce(
    namespace: string,
    obj: KubeObject,
    ctx: WriteContext,
    generated: boolean,
  ): Promise<CachedObject> {
    const meta = metaOf(obj);
    // FillObjectMetaSystemFields
    meta.creationTimestamp = nowTimestamp();
    meta.uid = newUID();
    if (generated) meta.name = generateName(meta.generateName!);
    // BeforeCreate
    this.ensureNamespace(meta, namespace);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    this.prepareForCreate(obj);
    // BeginCreate: allocations (service IPs and ports), released once the cache shows the result.
    const release = this.hooks.allocate?.(this.info, obj);
    let written: CachedObject | undefined;
    try {
      written = await this.createStored(namespace, obj, ctx, generated);
      return written;
    } finally {
      this.releaseWhenSeen(release, written);
    }
  }

  /** Frees allocation reservations after the written object is in the cache (or at once on failure). */
  private releaseWhenSeen(release: (() => void) | undefined, written: CachedObject | undefined): void {
    if (!release) return;
    if (!written || written.rv === 0) return release();
    this.cache.waitFor(written.rv, 10_000).then(release, release);
  }

  private async createStored(
    namespace: string,
    obj: KubeObject,
    ctx: WriteContext,
    generated: boolean,
  ): Promise<CachedObject> {
    const meta = metaOf(obj);
    this.validateCreate(obj);
    this.hooks.canonicalize?.(obj, this.info);
    await this.hooks.admission.validate(this.attributes("CREATE", ctx, namespace, meta.name ?? "", obj));
    const name = meta.name!;
    const key = this.key(namespace, name);
    try {
      if (ctx.dryRun) {
        const { kv } = await this.store.get(key);
        if (kv) throw new StoreError("KeyExists", key);
        return new CachedObject(
          this.info,
          key,
          0,
          withResourceVersion(obj, meta.resourceVersion, this.info.fieldOrder),
        );
      }
      const rv = meta.resourceVersion;
      if (rv && rv !== "0" && /^[0-9]+$/.test(rv))
        // upstream: a plain 500 with this message; bad input is a 400 here (docs/compatibility.md)
        throw badRequest("resourceVersion should not be set on objects to be created");
      const st = this.stored(obj);
      const value = encodeForStorage(st.obj, st.order);
      const kv = await this.writing(key, value, st.obj, st.order, () =>
        this.store.create(key, value, this.ttl()),
      );
      return new CachedObject(
        this.info,
        key,
        kv.modRevision,
        withResourceVersion(obj, String(kv.modRevision), this.info.fieldOrder),
        this.info.storage ? undefined : value,
      );
    } catch (e) {
      if (e instanceof StoreError && e.code === "KeyExists") {
        if (generated) throw generateNameConflict(this.info.gr, name, 1);
        const err = alreadyExists(this.info.gr, name);
        const cur = await this.current(namespace, name).catch(() => undefined);
        if (cur?.obj.obj.metadata.deletionTimestamp)
          err.status.message = `object is being deleted: ${err.status.message}`;
        throw err;
      }
      throw this.storeFailure(e);
    }
  }

  /**
   * UPDATE (PUT, PATCH, subresources): upstream's GuaranteedUpdate loop. Creates when the object is
   * missing and the strategy (or `forceAllowCreate`, for apply) allows it.
   */
  async update(
    namespace: string,
    name: string,
    objInfo: UpdatedObjectInfo,
    ctx: WriteContext,
    forceAllowCreate = false,
  ): Promise<{ object: CachedObject; created: boolean; deleted?: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.current(namespace, name);
      if (!cur) {
        if (!this.info.strategy.allowCreateOnUpdate && !forceAllowCreate) throw notFound(this.info.gr, name);
        const obj = await objInfo.updatedObject(undefined);
        (obj as { metadata?: ObjectMeta }).metadata ??= {};
        if (obj.metadata.name !== undefined && obj.metadata.name !== name)
          throw badRequest(
            `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
          );
        metaOf(obj).name = name;
        delete metaOf(obj).resourceVersion;
        try {
          return { object: await this.create(namespace, obj, ctx), created: true };
        } catch (e) {
          if (e instanceof StatusError && e.reason === "AlreadyExists" && attempt < maxUpdateAttempts)
            continue;
          throw e;
        }
      }
      const existing = cur.obj.obj;
      const pre = objInfo.preconditions;
      if (pre?.uid && pre.uid !== existing.metadata.uid)
        throw conflict(
          this.info.gr,
          name,
          `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid ?? ""}`,
        );
      if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion)
        throw conflict(
          this.info.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ""}`,
        );
      const obj = await objInfo.updatedObject(deepCopy(existing));
      (obj as { metadata?: ObjectMeta }).metadata ??= {};
      const newRV = obj.metadata.resourceVersion ?? "";
      if (newRV === "" || newRV === "0") {
        if (!this.info.strategy.allowUnconditionalUpdate)
          throw invalid(this.info.gk, name, [
            fieldInvalid("metadata.resourceVersion", 0, "must be specified for an update"),
          ]);
        obj.metadata.resourceVersion = existing.metadata.resourceVersion;
      } else if (newRV !== existing.metadata.resourceVersion) {
        throw conflict(this.info.gr, name, optimisticLockErrorMsg);
      }
      try {
        const r = await this.updateExisting(namespace, name, obj, cur.obj, cur.kv, ctx);
        if (r) return r;
      } catch (e) {
        if (e instanceof StoreError && e.code === "Conflict" && attempt < maxUpdateAttempts) continue;
        if (e instanceof StoreError && e.code === "NotFound" && attempt < maxUpdateAttempts) continue;
        throw this.storeFailure(e);
      }
    }
  }

  /** One update attempt against `cur`; undefined = retry. */
  private async updateExisting(
    namespace: string,
    name: string,
    obj: KubeObject,
    cur: CachedObject,
    kv: KeyValue,
    ctx: WriteContext,
  ): Promise<{ object: CachedObject; created: boolean; deleted?: boolean } | undefined> {
    const old = cur.obj;
    const meta = metaOf(obj);
    const rt = this.info.rt;
    await this.hooks.admission.admit(this.attributes("UPDATE", ctx, namespace, name, obj, old));
    // BeforeUpdate
    this.ensureNamespace(meta, namespace);
    if (old.metadata.generation !== undefined) meta.generation = old.metadata.generation;
    else delete meta.generation;
    // The main resource and /scale go through the kind's strategy; /status and the namespace steps do not.
    const mainStrategy = ctx.subresource === "" || ctx.subresource === "scale";
    if (mainStrategy) {
      if (rt.status) obj.status = old.status;
      rt.prepareForUpdate?.(obj, old);
    }
    if (!meta.uid) meta.uid = old.metadata.uid;
    if (old.metadata.creationTimestamp) meta.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
    if (
      old.metadata.deletionGracePeriodSeconds !== undefined &&
      meta.deletionGracePeriodSeconds === undefined
    )
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (rt.generation && mainStrategy && specChanged(obj, old))
      meta.generation = (old.metadata.generation ?? 0) + 1;
    const release = mainStrategy ? this.hooks.allocate?.(this.info, obj, old) : undefined;
    let written: CachedObject | undefined;
    try {
      const r = await this.storeUpdate(namespace, name, obj, old, cur, kv, ctx);
      written = r?.object;
      return r;
    } finally {
      this.releaseWhenSeen(release, written && !ctx.dryRun ? written : undefined);
    }
  }

  private async storeUpdate(
    namespace: string,
    name: string,
    obj: KubeObject,
    old: KubeObject,
    cur: CachedObject,
    kv: KeyValue,
    ctx: WriteContext,
  ): Promise<{ object: CachedObject; created: boolean; deleted?: boolean } | undefined> {
    const meta = obj.metadata;
    this.validateUpdate(obj, old);
    this.hooks.canonicalize?.(obj, this.info);
    await this.hooks.admission.validate(this.attributes("UPDATE", ctx, namespace, name, obj, old));

    // The last finalizer of an object being deleted without grace is gone: delete it now.
    if (
      old.metadata.deletionTimestamp &&
      !meta.finalizers?.length &&
      !old.metadata.deletionGracePeriodSeconds &&
      (this.info.strategy.deleteDuringUpdate?.(obj) ?? true)
    ) {
      const r = await this.deleteStored(namespace, name, cur, kv, ctx);
      if (r === undefined) return undefined;
      return {
        object: new CachedObject(
          this.info,
          cur.key,
          cur.rv,
          withResourceVersion(obj, meta.resourceVersion, this.info.fieldOrder),
        ),
        created: false,
        deleted: true,
      };
    }

    const st = this.stored(obj);
    const value = encodeForStorage(st.obj, st.order);
    if (value === kv.value) return { object: cur, created: false }; // nothing changed: no write, no event
    if (ctx.dryRun)
      return {
        object: new CachedObject(
          this.info,
          cur.key,
          cur.rv,
          withResourceVersion(obj, meta.resourceVersion, this.info.fieldOrder),
        ),
        created: false,
      };
    const nkv = await this.writing(cur.key, value, st.obj, st.order, () =>
      this.store.update(cur.key, value, kv.modRevision, this.ttl()),
    );
    const out = new CachedObject(
      this.info,
      cur.key,
      nkv.modRevision,
      withResourceVersion(obj, String(nkv.modRevision), this.info.fieldOrder),
      this.info.storage ? undefined : value,
    );
    return { object: out, created: false };
  }

  /**
   * A storage-level update (upstream's Storage.GuaranteedUpdate with a SimpleUpdate func): no strategy,
   * validation or admission — for the registry's own bookkeeping writes (namespace termination).
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    fn: (current: KubeObject) => KubeObject,
    ctx: WriteContext,
    preconditions?: { uid?: string; resourceVersion?: string },
  ): Promise<CachedObject> {
    for (let attempt = 0; attempt < maxUpdateAttempts; attempt++) {
      const cur = await this.current(namespace, name);
      if (!cur) throw notFound(this.info.gr, name);
      const m = cur.obj.obj.metadata;
      if (preconditions?.uid && preconditions.uid !== m.uid)
        throw conflict(
          this.info.gr,
          name,
          `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${m.uid ?? ""}`,
        );
      if (preconditions?.resourceVersion && preconditions.resourceVersion !== m.resourceVersion)
        throw conflict(
          this.info.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion ?? ""}`,
        );
      const next = fn(deepCopy(cur.obj.obj));
      const written = await this.writeForDelete(cur.obj, cur.kv, next, ctx);
      if (written) return written;
    }
    throw conflict(this.info.gr, name, optimisticLockErrorMsg);
  }

  /** Removes the stored object if it is still at kv's revision; undefined = it moved, retry. */
  private async deleteStored(
    _namespace: string,
    _name: string,
    cur: CachedObject,
    kv: KeyValue,
    ctx: WriteContext,
  ): Promise<CachedObject | undefined> {
    if (ctx.dryRun) return cur;
    try {
      await this.store.delete(cur.key, kv.modRevision);
      return cur;
    } catch (e) {
      if (e instanceof StoreError && (e.code === "Conflict" || e.code === "NotFound")) return undefined;
      throw e;
    }
  }

  // ---- delete ----

  private deleteStatus(obj: KubeObject): Status {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: {
        name: obj.metadata.name,
        group: this.info.group || undefined,
        kind: this.info.plural,
        uid: obj.metadata.uid,
      },
    } as Status;
  }

  /** upstream deletionFinalizersForGarbageCollection. */
  private gcFinalizers(meta: ObjectMeta, o: DeleteOptions): { changed: boolean; finalizers: string[] } {
    const cur = meta.finalizers ?? [];
    if (!this.info.strategy.garbageCollection) return { changed: false, finalizers: cur };
    let orphan: boolean;
    let foreground: boolean;
    if (o.orphanDependents !== undefined) {
      orphan = o.orphanDependents;
      foreground = false;
    } else if (o.propagationPolicy) {
      orphan = o.propagationPolicy === "Orphan";
      foreground = o.propagationPolicy === "Foreground";
    } else if (cur.includes(finalizerOrphan)) {
      orphan = true;
      foreground = false;
    } else if (cur.includes(finalizerForeground)) {
      orphan = false;
      foreground = true;
    } else {
      orphan = this.info.strategy.defaultOrphan;
      foreground = false;
    }
    const next = cur.filter((f) => f !== finalizerOrphan && f !== finalizerForeground);
    if (orphan) next.push(finalizerOrphan);
    if (foreground) next.push(finalizerForeground);
    const same = new Set(cur).size === new Set(next).size && next.every((f) => cur.includes(f));
    return same ? { changed: false, finalizers: cur } : { changed: true, finalizers: next };
  }

  /** upstream BeforeDelete: preconditions, then the graceful-deletion decision. Mutates `obj`. */
  private beforeDelete(obj: KubeObject, o: DeleteOptions): { graceful: boolean; pending: boolean } {
    const meta = metaOf(obj);
    const qr = { group: this.info.group, resource: this.info.kind };
    if (o.preconditions?.uid !== undefined && o.preconditions.uid !== meta.uid)
      throw conflict(
        qr,
        meta.name ?? "",
        `the UID in the precondition (${o.preconditions.uid}) does not match the UID in record (${meta.uid ?? ""}). The object might have been deleted and then recreated`,
      );
    if (
      o.preconditions?.resourceVersion !== undefined &&
      o.preconditions.resourceVersion !== meta.resourceVersion
    )
      throw conflict(
        qr,
        meta.name ?? "",
        `the ResourceVersion in the precondition (${o.preconditions.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ""}). The object might have been modified`,
      );
    if (o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds < 0) o.gracePeriodSeconds = 1;
    if (meta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds < 0)
      meta.deletionGracePeriodSeconds = 1;
    const graceFn = this.info.strategy.gracePeriod;
    if (!graceFn) return { graceful: false, pending: false };
    if (meta.deletionTimestamp) {
      const dgps = meta.deletionGracePeriodSeconds;
      if (!dgps) return { graceful: false, pending: false };
      if (o.gracePeriodSeconds !== undefined) {
        const period = o.gracePeriodSeconds;
        if (period >= dgps) return { graceful: false, pending: true };
        const ts = Date.parse(meta.deletionTimestamp) - dgps * 1000 + period * 1000;
        meta.deletionTimestamp = nowTimestamp(ts);
        meta.deletionGracePeriodSeconds = period;
        return { graceful: true, pending: false };
      }
      o.gracePeriodSeconds = dgps;
      return { graceful: false, pending: true };
    }
    const period = graceFn(obj, o.gracePeriodSeconds);
    o.gracePeriodSeconds = period;
    meta.deletionTimestamp = nowTimestamp(Date.now() + period * 1000);
    meta.deletionGracePeriodSeconds = period;
    if ((meta.generation ?? 0) > 0) meta.generation = meta.generation! + 1;
    return { graceful: true, pending: false };
  }

  /**
   * Admission of a CREATE through a subresource that stores nothing of this resource (serviceaccounts/token):
   * the handler runs "admit" before it reads the object and "validate" after its own checks, as upstream's
   * create handler and TokenREST do.
   */
  async admitSubresourceCreate(
    phase: "admit" | "validate",
    namespace: string,
    name: string,
    obj: KubeObject,
    ctx: WriteContext,
  ): Promise<void> {
    await this.hooks.admission[phase](this.attributes("CREATE", ctx, namespace, name, obj));
  }

  /** Admission for a DELETE (both phases; there is no new object to mutate). */
  async admitDelete(namespace: string, name: string, old: KubeObject, ctx: WriteContext): Promise<void> {
    await this.hooks.admission.admit(this.attributes("DELETE", ctx, namespace, name, undefined, old));
    await this.hooks.admission.validate(this.attributes("DELETE", ctx, namespace, name, undefined, old));
  }

  /** DELETE one object (upstream Store.Delete with updateForGracefulDeletionAndFinalizers). */
  async delete(
    namespace: string,
    name: string,
    options: DeleteOptions,
    ctx: WriteContext,
  ): Promise<DeleteResult> {
    for (let attempt = 0; attempt < maxUpdateAttempts; attempt++) {
      const cur = await this.current(namespace, name);
      if (!cur) throw notFound(this.info.gr, name);
      await this.admitDelete(namespace, name, cur.obj.obj, ctx);
      const o: DeleteOptions = deepCopy(options);
      const obj = deepCopy(cur.obj.obj);
      const { graceful, pending } = this.beforeDelete(obj, o);
      if (pending) {
        const r = this.deletedResult(cur.obj);
        return { ...r, deleted: false };
      }
      const gc = this.gcFinalizers(obj.metadata, o);
      const pendingFinalizers = (cur.obj.obj.metadata.finalizers ?? []).length > 0;
      let deleteNow = true;
      if (graceful || pendingFinalizers || gc.changed) {
        if (gc.changed) obj.metadata.finalizers = gc.finalizers;
        if (metaOf(obj).finalizers?.length === 0) delete metaOf(obj).finalizers;
        const stillPending = (obj.metadata.finalizers ?? []).length > 0;
        if (!graceful) {
          if (!stillPending) {
            deleteNow = true;
          } else {
            // markAsDeleting
            if (!cur.obj.obj.metadata.deletionTimestamp && (obj.metadata.generation ?? 0) > 0)
              obj.metadata.generation! += 1;
            const now = nowTimestamp();
            if (
              !obj.metadata.deletionTimestamp ||
              Date.parse(obj.metadata.deletionTimestamp) > Date.parse(now)
            )
              obj.metadata.deletionTimestamp = now;
            obj.metadata.deletionGracePeriodSeconds = 0;
            deleteNow = false;
          }
        } else deleteNow = !stillPending && (o.gracePeriodSeconds ?? 0) === 0;
        if (graceful || stillPending) {
          const written = await this.writeForDelete(cur.obj, cur.kv, obj, ctx);
          if (!written) continue;
          if (!deleteNow) return { object: written, deleted: false };
          if (ctx.dryRun) return this.deletedResult(written);
          const gone = await this.deleteStored(
            namespace,
            name,
            written,
            { ...cur.kv, modRevision: written.rv },
            ctx,
          );
          if (!gone) continue;
          return this.deletedResult(written);
        }
      }
      if (ctx.dryRun) return this.deletedResult(cur.obj);
      const gone = await this.deleteStored(namespace, name, cur.obj, cur.kv, ctx);
      if (!gone) continue;
      return this.deletedResult(cur.obj);
    }
    throw conflict(this.info.gr, name, optimisticLockErrorMsg);
  }

  private deletedResult(last: CachedObject): DeleteResult {
    if (this.info.strategy.returnDeletedObject) return { object: last, deleted: true };
    return { status: this.deleteStatus(last.obj), deleted: true };
  }

  /** Stores the deletion marks; undefined when the object moved meanwhile. */
  private async writeForDelete(
    cur: CachedObject,
    kv: KeyValue,
    obj: KubeObject,
    ctx: WriteContext,
  ): Promise<CachedObject | undefined> {
    const st = this.stored(obj);
    const value = encodeForStorage(st.obj, st.order);
    if (value === kv.value) return cur;
    if (ctx.dryRun)
      return new CachedObject(
        this.info,
        cur.key,
        cur.rv,
        withResourceVersion(obj, obj.metadata.resourceVersion, this.info.fieldOrder),
      );
    try {
      const nkv = await this.writing(cur.key, value, st.obj, st.order, () =>
        this.store.update(cur.key, value, kv.modRevision, this.ttl()),
      );
      return new CachedObject(
        this.info,
        cur.key,
        nkv.modRevision,
        withResourceVersion(obj, String(nkv.modRevision), this.info.fieldOrder),
        this.info.storage ? undefined : value,
      );
    } catch (e) {
      if (e instanceof StoreError && (e.code === "Conflict" || e.code === "NotFound")) return undefined;
      throw this.storeFailure(e);
    }
  }

  /** DELETE a collection: every matching object, each as a single delete; returns the list that was deleted. */
  async deleteCollection(
    namespace: string,
    p: ListParams,
    options: DeleteOptions,
    ctx: WriteContext,
  ): Promise<ListResult> {
    const listed = await this.list(namespace, { ...p, limit: p.limit, continue: p.continue });
    for (const o of listed.items) {
      try {
        await this.delete(o.namespace, o.name, options, ctx);
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === "NotFound")) throw e;
      }
    }
    return listed;
  }
}

/** Upstream ValidateDeleteOptions; returns field errors for an Invalid DeleteOptions.meta.k8s.io. */
export function validateDeleteOptions(o: DeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined)
    errs.push(
      fieldInvalid(
        "propagationPolicy",
        o.propagationPolicy,
        "orphanDependents and deletionPropagation cannot be both set",
      ),
    );
  if (
    o.propagationPolicy !== undefined &&
    !["Foreground", "Background", "Orphan"].includes(o.propagationPolicy)
  )
    errs.push(
      notSupported("propagationPolicy", o.propagationPolicy, ["Foreground", "Background", "Orphan", "nil"]),
    );
  errs.push(...validateDryRun(o.dryRun));
  return errs;
}

export function validateDryRun(dryRun: string[] | undefined): FieldError[] {
  if (!dryRun || dryRun.every((d) => d === "All")) return [];
  return [notSupported("dryRun", dryRun, ["All"])];
}

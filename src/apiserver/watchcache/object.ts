// An object as the watch cache holds it: decoded once, never mutated, serialized at most once.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { Fields } from "../../api/fields/selector.js";
import { decodeFromStorage, jsonWithResourceVersion, withResourceVersion } from "../storage/codec.js";
import { objectFields, type ResourceInfo } from "../registry/resource.js";

export class CachedObject {
  private encoded?: string;
  private fieldSet?: Fields;
  constructor(
    readonly info: ResourceInfo,
    readonly key: string,
    /** The store revision of this state (modRevision, or the delete's revision for a DELETED event). */
    readonly rv: number,
    /** Shared and frozen by convention: copy before changing. */
    readonly obj: KubeObject,
    /** The stored text of this state, from which the JSON is derived without serializing (then dropped). */
    private stored?: string,
  ) {}

  static fromStore(info: ResourceInfo, key: string, value: string, rv: number): CachedObject {
    return new CachedObject(info, key, rv, decodeFromStorage(value, rv), value);
  }

  get namespace(): string {
    return this.obj.metadata?.namespace ?? "";
  }
  get name(): string {
    return this.obj.metadata?.name ?? "";
  }
  get labels(): Record<string, string> | undefined {
    return this.obj.metadata?.labels;
  }
  get fields(): Fields {
    return (this.fieldSet ??= objectFields(this.info, this.obj));
  }
  /** The object's JSON (without a trailing newline), computed once. */
  get json(): string {
    if (this.encoded === undefined) {
      const spliced =
        this.stored !== undefined ? jsonWithResourceVersion(this.stored, String(this.rv)) : undefined;
      this.encoded = spliced ?? JSON.stringify(this.obj);
      this.stored = undefined;
    }
    return this.encoded;
  }
  /** The same object at another revision (a DELETED event carries the last state with the delete's revision). */
  atRevision(rv: number): CachedObject {
    if (rv === this.rv) return this;
    const c = new CachedObject(this.info, this.key, rv, withResourceVersion(this.obj, String(rv)));
    c.fieldSet = this.fieldSet;
    return c;
  }
}

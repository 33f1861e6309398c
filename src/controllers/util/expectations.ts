// Controller expectations (pkg/controller/controller_utils.go): a controller records how many creates and
// deletes it has in flight and does not act again on its key until the informer has observed them (or five
// minutes pass), so a lagging cache never causes duplicate pods. Time is injected for tests.

/** ExpectationsTimeout: after this long without being observed, expectations are considered stale. */
export const expectationsTimeoutMs = 5 * 60_000;

export class ControlleeExpectations {
  constructor(
    public add: number,
    public del: number,
    readonly key: string,
    readonly timestamp: number,
  ) {}
  fulfilled(): boolean {
    return this.add <= 0 && this.del <= 0;
  }
}

export class ControllerExpectations {
  private store = new Map<string, ControlleeExpectations>();
  constructor(protected readonly now: () => number = Date.now) {}

  get(key: string): ControlleeExpectations | undefined {
    return this.store.get(key);
  }

  /** True when the controller may act: no expectations, all observed, or expired. */
  satisfied(key: string): boolean {
    const exp = this.store.get(key);
    if (!exp) return true;
    return exp.fulfilled() || this.now() - exp.timestamp > expectationsTimeoutMs;
  }

  delete(key: string): void {
    this.store.delete(key);
  }

  /** Replaces any existing expectations. */
  set(key: string, add: number, del: number): void {
    this.store.set(key, new ControlleeExpectations(add, del, key, this.now()));
  }
  expectCreations(key: string, adds: number): void {
    this.set(key, adds, 0);
  }
  expectDeletions(key: string, dels: number): void {
    this.set(key, 0, dels);
  }
  lower(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (exp) {
      exp.add -= add;
      exp.del -= del;
    }
  }
  raise(key: string, add: number, del: number): void {
    this.lower(key, -add, -del);
  }
  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }
  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }
}

/**
 * Expectations that remember which pods ("ns/name") a controller deleted, so a pod seen first with a
 * deletionTimestamp and then as gone counts as one observed deletion, not two.
 */
export class UIDTrackingControllerExpectations extends ControllerExpectations {
  private uids = new Map<string, Set<string>>();

  expectDeletionsOf(key: string, podKeys: readonly string[]): void {
    const set = new Set(podKeys);
    this.uids.set(key, set);
    this.expectDeletions(key, set.size);
  }

  deletionObservedOf(key: string, podKey: string): void {
    const set = this.uids.get(key);
    if (set?.has(podKey)) {
      set.delete(podKey);
      this.deletionObserved(key);
    }
  }

  override delete(key: string): void {
    super.delete(key);
    this.uids.delete(key);
  }
}

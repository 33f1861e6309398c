// The outcome of running a plugin (upstream's framework.Status): a code, the reasons and the plugin that set
// it. Outcomes are values, not exceptions. As upstream uses a nil *Status for success, the hot path here uses
// `null` for Success so that passing a node allocates nothing.

export enum Code {
  Success = 0,
  /** An internal error: the pod is retried after a backoff, whatever cluster events happen. */
  Error = 1,
  /** The pod does not fit now; preemption may help. */
  Unschedulable = 2,
  /** The pod does not fit and preemption cannot help (e.g. an untolerated taint). */
  UnschedulableAndUnresolvable = 3,
  /** A Permit plugin asks the pod to wait. */
  Wait = 4,
  /** The plugin has nothing to do for this pod (PreFilter, PreScore): its Filter/Score are skipped. */
  Skip = 5,
  /** The pod waits for something outside the scheduler; retried when a registered event arrives. */
  Pending = 6,
}

const codeNames = [
  "Success",
  "Error",
  "Unschedulable",
  "UnschedulableAndUnresolvable",
  "Wait",
  "Skip",
  "Pending",
];

export class Status {
  /** The plugin that produced this status (set by the framework runner). */
  plugin = "";

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly err?: Error,
  ) {}

  static of(code: Code, ...reasons: string[]): Status {
    return new Status(code, reasons);
  }

  /** An internal error as a status (upstream's AsStatus). */
  static error(err: unknown): Status {
    return new Status(Code.Error, [], err instanceof Error ? err : new Error(String(err)));
  }

  withPlugin(name: string): this {
    this.plugin = name;
    return this;
  }

  /** The error first, then the reasons (upstream's Reasons()). */
  allReasons(): readonly string[] {
    return this.err ? [this.err.message, ...this.reasons] : this.reasons;
  }

  /** The reasons joined by ", " (upstream's Message()). */
  message(): string {
    return this.allReasons().join(", ");
  }

  get codeName(): string {
    return codeNames[this.code] ?? String(this.code);
  }

  toString(): string {
    return `${this.codeName}: ${this.message()}`;
  }
}

/** A plugin result: null is Success. */
export type Result = Status | null;

export const isSuccess = (s: Result | undefined): boolean => !s || s.code === Code.Success;
/** Unschedulable or UnschedulableAndUnresolvable (upstream's IsRejected). */
export const isRejected = (s: Result | undefined): boolean =>
  !!s && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);
export const isSkip = (s: Result | undefined): boolean => !!s && s.code === Code.Skip;
export const isWait = (s: Result | undefined): boolean => !!s && s.code === Code.Wait;
export const codeOf = (s: Result | undefined): Code => (s ? s.code : Code.Success);

// API errors as values a caller can branch on: the Status the server returned, with its code and reason.

export interface StatusLike {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    group?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: StatusLike,
  ) {
    super(status.message ?? `HTTP ${code}`);
    this.name = "ApiError";
  }
  get reason(): string {
    return this.status.reason ?? "";
  }
}

export const isNotFound = (e: unknown) => e instanceof ApiError && e.code === 404;
export const isConflict = (e: unknown) => e instanceof ApiError && e.code === 409 && e.reason === "Conflict";
export const isAlreadyExists = (e: unknown) =>
  e instanceof ApiError && e.code === 409 && e.reason === "AlreadyExists";
export const isGone = (e: unknown) =>
  e instanceof ApiError && (e.code === 410 || e.reason === "Expired" || e.reason === "Gone");

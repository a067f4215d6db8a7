import type { z } from "zod";
import { isDatabaseDown } from "./db-errors";
import { log } from "@/lib/observability/log";

// Typed errors with one mapping to HTTP. The message is a sentence a user can act on; internals
// go to the log, never to the response.
export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "validation"
  | "unknown_model"
  | "model_unavailable"
  | "unauthorized"
  | "forbidden"
  | "forbidden_origin"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "answer_missing"
  | "payload_too_large"
  /** over a limit (lib/limits): requests per minute, panes at once, sign-in emails */
  | "rate_limited"
  /** over the daily or monthly spend limit (lib/limits) */
  | "spend_limit"
  /** signed up, waiting for an admin's approval (JUXTA_SIGNUP=approval) */
  | "account_pending"
  /** an admin disabled the account */
  | "account_disabled"
  | "unsupported_media_type"
  | "internal"
  | "database_unavailable";

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation: 400,
  unknown_model: 400,
  model_unavailable: 400,
  unauthorized: 401,
  forbidden: 403,
  /** a state-changing request a browser sent from another origin (lib/http/origin.ts) */
  forbidden_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** a vote that would crown a pane without an answer (lib/votes/missing-answer.ts) */
  answer_missing: 409,
  payload_too_large: 413,
  rate_limited: 429,
  spend_limit: 429,
  account_pending: 403,
  account_disabled: 403,
  /** a state-changing request whose body is not JSON (or a file, where the route takes one) */
  unsupported_media_type: 415,
  internal: 500,
  /** the database does not answer: nothing was started or stored (lib/db-health.ts) */
  database_unavailable: 503,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** seconds until trying again makes sense: sent as `Retry-After` (429) */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return statusByCode[this.code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, field: this.field ?? null } };
  }
}

/** The first zod issue as an AppError naming the field (e.g. "prompt", "models.2", "params.temperature"). */
export function fromZodError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : undefined;
  let message = issue?.message ?? "Invalid request.";
  if (issue?.code === "unrecognized_keys") message = `Unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}.`;
  if (issue?.code === "invalid_type" && /expected/i.test(message) && field) message = `${field} has the wrong type (${message}).`;
  return new AppError("validation", message, field);
}

/** Any error as the AppError a client sees: a database that does not answer is 503 `database_unavailable`, the rest 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseDown(error))
    return new AppError("database_unavailable", "The database is not answering, so nothing was changed. Try again in a moment.");
  return new AppError("internal", "Something went wrong on the server. It has been logged.");
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "database_unavailable" && !(error instanceof AppError))
    log.error("database unavailable", { error: error instanceof Error ? error.message : String(error) });
  else if (!(error instanceof AppError)) log.error("unexpected error", { error });
  const headers = appError.retryAfter !== undefined ? { "retry-after": String(Math.max(1, Math.ceil(appError.retryAfter))) } : undefined;
  return Response.json(appError.toJSON(), { status: appError.status, headers });
}

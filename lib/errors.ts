import type { z } from "zod";
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
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "answer_missing"
  | "payload_too_large"
  | "internal";

const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation: 400,
  unknown_model: 400,
  model_unavailable: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** a vote that would crown a pane without an answer (lib/votes/missing-answer.ts) */
  answer_missing: 409,
  payload_too_large: 413,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
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

export function errorResponse(error: unknown): Response {
  const appError = error instanceof AppError ? error : new AppError("internal", "Something went wrong on the server. It has been logged.");
  if (!(error instanceof AppError)) log.error("unexpected error", { error });
  return Response.json(appError.toJSON(), { status: appError.status });
}

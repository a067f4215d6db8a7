"use server";

import { AppError, fromZodError } from "@/lib/errors";
import { comparisonIdSchema, createComparisonSchema, followUpSchema, paneIndexSchema } from "@/lib/compare/schema";
import { addTurn, retryPane, startComparison, stopPanes } from "@/lib/compare/service";
import { MAX_BODY_BYTES } from "@/lib/http";

// Server actions are public POST endpoints: each validates its input with zod and returns a
// result object (never throws to the client), so the form can show a message beside the field.
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field: string | null } };

async function safely<T>(work: () => Promise<T> | T): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toJSON() };
    console.error("[juxta] action failed", error);
    return { ok: false, error: { code: "internal", message: "Something went wrong on the server. It has been logged.", field: null } };
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }, value: unknown): T {
  if (JSON.stringify(value ?? null).length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request is larger than 1 MB.");
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

function parseId(id: unknown): string {
  const parsed = comparisonIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError("not_found", "This comparison does not exist.");
  return parsed.data;
}

/** Starts a comparison; the browser then follows GET /api/v1/comparisons/<id>/events. */
export async function startComparisonAction(input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely(() => {
    const { id, turn } = startComparison(parse(createComparisonSchema, input));
    return { id, turn };
  });
}

export async function followUpAction(id: unknown, input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely(async () => {
    const { turn } = await addTurn(parseId(id), parse(followUpSchema, input).prompt);
    return { id: parseId(id), turn };
  });
}

export async function stopAction(id: unknown, pane?: unknown): Promise<ActionResult<{ stopped: number }>> {
  return safely(() => {
    const index = pane === undefined || pane === null ? undefined : parse(paneIndexSchema, pane);
    return { stopped: stopPanes(parseId(id), index) };
  });
}

export async function retryPaneAction(id: unknown, pane: unknown): Promise<ActionResult<{ pane: number }>> {
  return safely(async () => {
    const index = parse(paneIndexSchema, pane);
    await retryPane(parseId(id), index);
    return { pane: index };
  });
}

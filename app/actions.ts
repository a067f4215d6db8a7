"use server";

import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { authorizeComparisonOrThrow } from "@/lib/compare/access";
import { createComparisonSchema, followUpSchema, paneIndexSchema } from "@/lib/compare/schema";
import { addTurn, retryPane, startComparison, stopPanes } from "@/lib/compare/service";
import { AppError, fromZodError } from "@/lib/errors";
import { MAX_BODY_BYTES } from "@/lib/http";

// Server actions are public POST endpoints: each one authenticates, validates its input with zod,
// checks ownership, and returns a result object (never throws to the client), so the form can
// show a message beside the field.
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field: string | null } };

async function safely<T>(work: (viewer: Viewer) => Promise<T> | T): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work(await requireViewer()) };
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

async function owned(id: unknown, viewer: Viewer): Promise<string> {
  if (typeof id !== "string") throw new AppError("not_found", "This comparison does not exist.");
  return (await authorizeComparisonOrThrow(id, viewer)).id;
}

/** Starts a comparison; the browser then follows GET /api/v1/comparisons/<id>/events. */
export async function startComparisonAction(input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely((viewer) => {
    const { id, turn } = startComparison(parse(createComparisonSchema, input), { ownerId: viewer.id });
    return { id, turn };
  });
}

export async function followUpAction(id: unknown, input: unknown): Promise<ActionResult<{ id: string; turn: number }>> {
  return safely(async (viewer) => {
    const comparisonId = await owned(id, viewer);
    const { turn } = await addTurn(comparisonId, parse(followUpSchema, input).prompt);
    return { id: comparisonId, turn };
  });
}

export async function stopAction(id: unknown, pane?: unknown): Promise<ActionResult<{ stopped: number }>> {
  return safely(async (viewer) => {
    const comparisonId = await owned(id, viewer);
    const index = pane === undefined || pane === null ? undefined : parse(paneIndexSchema, pane);
    return { stopped: stopPanes(comparisonId, index) };
  });
}

export async function retryPaneAction(id: unknown, pane: unknown): Promise<ActionResult<{ pane: number }>> {
  return safely(async (viewer) => {
    const comparisonId = await owned(id, viewer);
    const index = parse(paneIndexSchema, pane);
    await retryPane(comparisonId, index);
    return { pane: index };
  });
}

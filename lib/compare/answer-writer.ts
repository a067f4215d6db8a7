import "server-only";
import { isDatabaseDown, noteDatabaseError, noteDatabaseUp } from "@/lib/db-health";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storableJson, storableText } from "@/lib/text/safe";

type AnswerUpdate = Prisma.AnswerUpdateInput;

/** Backoff between attempts while the database is away: 100 ms, doubling, at most 5 s. */
export const RETRY_BASE_MS = 100;
export const RETRY_MAX_MS = 5_000;
/** How long an answer waits for the database to come back before it is given up (and logged). */
export const RETRY_FOR_MS = 15 * 60_000;

/**
 * Writes one answer to the database as it streams: text is coalesced and flushed at most every
 * `intervalMs`, status changes are written at once, and writes never overlap or reorder. Writes
 * wait for `ready` (the rows are inserted while the provider call is already under way, so
 * storage adds nothing to time to first token).
 *
 * Nothing is lost while the database is away: a write that fails because it cannot be reached is
 * kept (merged under anything newer, so the full text and the final status win) and tried again
 * with backoff until it lands, for up to RETRY_FOR_MS. Text is stored as `storableText` makes it
 * (a NUL, which PostgreSQL text cannot hold, becomes U+2400 "␀").
 */
export class AnswerWriter {
  private pending: AnswerUpdate | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void>;

  constructor(
    private readonly db: PrismaClient,
    private readonly answerId: string,
    ready: Promise<unknown>,
    private readonly intervalMs = 400,
  ) {
    this.chain = ready.then(
      () => undefined,
      () => undefined,
    );
  }

  update(data: AnswerUpdate, { now = false } = {}): void {
    this.pending = { ...this.pending, ...data };
    if (now) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending) this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  /** Writes what is pending, retrying while the database is away; newer updates join the retry. */
  private async write(): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const data: AnswerUpdate | null = this.pending;
      this.pending = null;
      if (!data) return;
      try {
        await this.db.answer.update({ where: { id: this.answerId }, data: storable(data) });
        noteDatabaseUp();
        return;
      } catch (error) {
        // what arrived meanwhile is newer and wins; what failed fills in the rest
        this.pending = { ...data, ...(this.pending as AnswerUpdate | null) };
        if (!isDatabaseDown(error) || Date.now() - started > RETRY_FOR_MS) {
          this.pending = null;
          console.error("[juxta] could not store answer", this.answerId, error);
          return;
        }
        noteDatabaseError(error);
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt)));
      }
    }
  }
}

/** The text columns as PostgreSQL can hold them. */
function storable(data: AnswerUpdate): AnswerUpdate {
  const out = { ...data };
  if (typeof out.text === "string") out.text = storableText(out.text);
  if (typeof out.reasoning === "string") out.reasoning = storableText(out.reasoning);
  if (Array.isArray(out.toolCalls)) out.toolCalls = storableJson(out.toolCalls);
  if (out.structured && typeof out.structured === "object") out.structured = storableJson(out.structured);
  if (typeof out.errorMessage === "string") out.errorMessage = storableText(out.errorMessage);
  return out;
}

/**
 * Runs `work` (an insert of rows a provider call is already paying for) until the database takes
 * it: while it is away, again with backoff, for up to RETRY_FOR_MS. A unique-key conflict on a
 * later attempt means an earlier one committed before its answer was lost: done.
 */
export async function untilStored<T>(work: () => Promise<T>): Promise<T | undefined> {
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await work();
      noteDatabaseUp();
      return result;
    } catch (error) {
      if (attempt > 0 && (error as { code?: unknown }).code === "P2002") return undefined;
      if (!isDatabaseDown(error) || Date.now() - started > RETRY_FOR_MS) throw error;
      noteDatabaseError(error);
      await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt)));
    }
  }
}

import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Prisma } from "@/lib/generated/prisma/client";

type AnswerUpdate = Prisma.AnswerUpdateInput;

/**
 * Writes one answer to the database as it streams: text is coalesced and flushed at most every
 * `intervalMs`, status changes are written at once, and writes never overlap or reorder. Writes
 * wait for `ready` (the rows are inserted while the provider call is already under way, so
 * storage adds nothing to time to first token).
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
    const data = this.pending;
    this.pending = null;
    if (data) {
      this.chain = this.chain.then(() =>
        this.db.answer
          .update({ where: { id: this.answerId }, data })
          .then(() => undefined)
          .catch((error: unknown) => console.error("[juxta] could not store answer", this.answerId, error)),
      );
    }
    return this.chain;
  }
}

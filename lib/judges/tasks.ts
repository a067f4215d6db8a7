// What a judge sees for one judgement: the user's prompt, the conversation before it (each side's
// own earlier answers), the system prompt the models had, and the answers, read from the stored
// comparison turn or evaluation item.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isBuiltinRubric, BUILTIN_RUBRICS } from "./rubrics";
import type { ContextTurn, JudgeTask } from "./rubrics";
import type { JudgementKind } from "./types";

export async function loadJudgeTask(db: PrismaClient, judgementId: string): Promise<JudgeTask | null> {
  const j = await db.judgement.findUnique({
    where: { id: judgementId },
    select: {
      kind: true,
      turnId: true,
      paneA: true,
      paneB: true,
      evalItemId: true,
      side: true,
      rubric: { select: { id: true, text: true } },
    },
  });
  if (!j) return null;
  const kind = j.kind as JudgementKind;
  const rubricText = isBuiltinRubric(j.rubric.id) ? BUILTIN_RUBRICS[j.rubric.id].text : j.rubric.text;
  if (j.turnId != null && j.paneA != null) {
    const turn = await db.turn.findUnique({
      where: { id: j.turnId },
      select: { index: true, prompt: true, comparisonId: true, comparison: { select: { system: true } } },
    });
    if (!turn) return null;
    const turns = await db.turn.findMany({
      where: { comparisonId: turn.comparisonId, index: { lte: turn.index } },
      orderBy: { index: "asc" },
      select: { index: true, prompt: true, answers: { select: { text: true, pane: { select: { index: true } } } } },
    });
    const textOf = (t: (typeof turns)[number], pane: number | null) =>
      pane == null ? null : (t.answers.find((a) => a.pane.index === pane)?.text ?? "");
    const context: ContextTurn[] = turns
      .filter((t) => t.index < turn.index)
      .map((t) => ({ prompt: t.prompt, a: textOf(t, j.paneA) ?? "", b: textOf(t, j.paneB) }));
    const current = turns.find((t) => t.index === turn.index)!;
    return {
      kind,
      rubricText,
      system: turn.comparison.system,
      context,
      prompt: turn.prompt,
      a: textOf(current, j.paneA) ?? "",
      b: textOf(current, j.paneB),
    };
  }
  if (j.evalItemId) {
    const item = await db.evalItem.findUnique({
      where: { id: j.evalItemId },
      select: { answerAId: true, answerBId: true, goldSide: true, prompt: { select: { prompt: true, system: true, reference: true } } },
    });
    if (!item) return null;
    const ids = [item.answerAId, item.answerBId].filter((x): x is string => !!x);
    const answers = await db.evalAnswer.findMany({ where: { id: { in: ids } }, select: { id: true, text: true } });
    const text = (side: "a" | "b") => {
      const id = side === "a" ? item.answerAId : item.answerBId;
      // a gold item's reference side has no answer row: it shows the prompt's reference answer
      if (!id) return item.goldSide === side ? (item.prompt.reference ?? "") : "";
      return answers.find((a) => a.id === id)?.text ?? "";
    };
    if (kind === "single")
      return { kind, rubricText, system: item.prompt.system, prompt: item.prompt.prompt, a: text((j.side as "a" | "b") ?? "a") };
    return { kind, rubricText, system: item.prompt.system, prompt: item.prompt.prompt, a: text("a"), b: text("b") };
  }
  return null;
}

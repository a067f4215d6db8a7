// Evaluation sessions made directly in the database (no runner): a finished session with done
// (or failed) answers, and raters. For the rating and results tests.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EvalStatus } from "@/lib/generated/prisma/enums";
import type { Design, SessionModel } from "@/lib/evals/schema";
import { newId } from "@/lib/ids";

export { newId };

export function sessionModel(id: string, label = id): SessionModel {
  return {
    id,
    label,
    provider: id.split(":")[0]!,
    providerLabel: id.split(":")[0]!,
    logicalModel: id.split(":")[1] ?? id,
    location: null,
    price: null,
  };
}

export type AnswerSpec = {
  status?: "done" | "failed";
  text?: string;
  ttftMs?: number;
  totalMs?: number;
  outputTokens?: number;
  costUsd?: number;
  errorCode?: string;
  errorMessage?: string;
};

export type SessionSpec = {
  ownerId: string;
  teamId?: string | null;
  name?: string;
  status?: EvalStatus;
  models: string[];
  design?: Partial<Design>;
  /** prompts: text, optional reference, gold flag */
  prompts: { prompt: string; reference?: string; gold?: boolean }[];
  /** the answer of (prompt index, model id); default: done, text "<model> on <prompt>" */
  answer?: (promptIndex: number, modelId: string) => AnswerSpec | null;
};

/** Creates the session, its prompts and answers; returns ids by (prompt index, model). */
export async function makeSession(db: PrismaClient, spec: SessionSpec) {
  const id = newId();
  const design: Design = { pairwise: true, criteria: [], raters: 3, ...spec.design };
  await db.evalSession.create({
    data: {
      id,
      name: spec.name ?? "rating test",
      instructions: "Pick the more helpful answer.",
      ownerId: spec.ownerId,
      teamId: spec.teamId ?? null,
      models: spec.models.map((m) => sessionModel(m)),
      design,
      status: spec.status ?? "completed",
    },
  });
  const promptIds: string[] = [];
  for (const [index, p] of spec.prompts.entries()) {
    const pid = newId();
    promptIds.push(pid);
    await db.evalPrompt.create({
      data: { id: pid, sessionId: id, index, prompt: p.prompt, reference: p.reference ?? null, gold: p.gold ?? false, tags: [] },
    });
  }
  const answers = new Map<string, string>(); // `${index}|${model}` -> answer id
  const rows = [];
  for (const [index, pid] of promptIds.entries()) {
    for (const modelId of spec.models) {
      const a = spec.answer ? spec.answer(index, modelId) : {};
      if (a === null) continue;
      const aid = newId();
      answers.set(`${index}|${modelId}`, aid);
      const status = a.status ?? "done";
      rows.push({
        id: aid,
        sessionId: id,
        promptId: pid,
        modelId,
        status,
        text: a.text ?? (status === "done" ? `${modelId} on ${spec.prompts[index]!.prompt}` : ""),
        ttftMs: a.ttftMs ?? null,
        // measured with the timing split (lib/calls/timing.ts)
        setupMs: a.ttftMs == null ? null : 3,
        totalMs: a.totalMs ?? null,
        outputTokens: a.outputTokens ?? null,
        costUsd: a.costUsd ?? null,
        errorCode: a.errorCode ?? (status === "failed" ? "server_error" : null),
        errorMessage: a.errorMessage ?? (status === "failed" ? "The provider answered 500." : null),
        finishedAt: new Date(),
      });
    }
  }
  await db.evalAnswer.createMany({ data: rows });
  return { id, promptIds, answers, answerId: (index: number, model: string) => answers.get(`${index}|${model}`)! };
}

export async function makeUsers(db: PrismaClient, n: number, prefix = "rater"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const uid = `${prefix}-${i}-${randomBytes(4).toString("hex")}`;
    await db.user.create({ data: { id: uid, name: `${prefix} ${i}`, email: `${uid}@example.test` } });
    ids.push(uid);
  }
  return ids;
}

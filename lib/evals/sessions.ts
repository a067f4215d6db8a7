// Evaluation sessions: create (with the prompt set), list, read, rename, delete. Running them is
// lib/evals/run; rating lib/evals/queue.ts; results lib/evals/results.ts. Reading or changing one
// session takes the `SessionAccess` of a check (./access.ts) and asserts its permission there.
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { resolveModels } from "@/lib/compare/service";
import type { Params } from "@/lib/compare/schema";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EvalStatus } from "@/lib/generated/prisma/enums";
import { requireTeamPermission, teamIdsWith } from "@/lib/teams/access";
import { assertCan, readableSessions, type SessionAccess } from "./access";
import type { CreateSessionInput, Design, SessionModel } from "./schema";
import { ruleTagColumns } from "@/lib/categories/backfill";

type Deps = { db?: PrismaClient; env?: Env };

export type SessionSummary = {
  id: string;
  name: string;
  status: EvalStatus;
  team: { id: string; name: string } | null;
  models: string[];
  prompts: number;
  createdAt: string;
};

export type SessionView = {
  id: string;
  name: string;
  instructions: string;
  status: EvalStatus;
  team: { id: string; name: string } | null;
  owner: { id: string; name: string | null };
  models: SessionModel[];
  params: Params;
  design: Design;
  spendCapUsd: number | null;
  prompts: number;
  goldPrompts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** when a paused run was paused (the session's last change while paused), else null */
  pausedAt: string | null;
};

/**
 * Creates a session with its prompt set, in one transaction. The input is already validated with
 * createSessionSchema; every candidate must be an available catalog model; a team session needs
 * evals:create in that team.
 */
export async function createSession(input: CreateSessionInput, viewer: Pick<Viewer, "id">, deps: Deps = {}): Promise<{ id: string }> {
  const db = deps.db ?? getDb();
  const env = deps.env ?? getEnv();
  if (input.teamId) await requireTeamPermission(input.teamId, viewer, "evals:create", db);
  const models: SessionModel[] = resolveModels(input.models, env).map(({ model }) => ({
    id: model.id,
    label: model.label,
    provider: model.provider,
    providerLabel: model.providerLabel,
    logicalModel: model.logicalModel,
    location: model.location ?? null,
    price: model.price ? { ...model.price } : null,
  }));
  const id = newId();
  await db.$transaction(
    async (tx) => {
      await tx.evalSession.create({
        data: {
          id,
          name: input.name,
          instructions: input.instructions,
          teamId: input.teamId ?? null,
          ownerId: viewer.id,
          models,
          params: input.params,
          design: input.design,
          spendCapUsd: input.spendCapUsd ?? null,
        },
      });
      // createMany in chunks: 5,000 prompts of up to 100k characters must not become one huge statement
      for (let start = 0; start < input.prompts.length; start += 500) {
        await tx.evalPrompt.createMany({
          data: input.prompts.slice(start, start + 500).map((p, i) => ({
            id: newId(),
            sessionId: id,
            index: start + i,
            prompt: p.prompt,
            system: p.system?.trim() ? p.system : null,
            reference: p.reference?.trim() ? p.reference : null,
            tags: p.tags,
            gold: p.gold,
            ...ruleTagColumns(p.prompt),
          })),
        });
      }
    },
    { timeout: 60_000 },
  );
  return { id };
}

export async function listSessions(
  { viewer, teamId }: { viewer: Pick<Viewer, "id">; teamId?: string },
  deps: Deps = {},
): Promise<SessionSummary[]> {
  const db = deps.db ?? getDb();
  const teamIds = await teamIdsWith(viewer, "evals:read", db);
  const rows = await db.evalSession.findMany({
    where: teamId ? { AND: [readableSessions(viewer.id, teamIds), { teamId }] } : readableSessions(viewer.id, teamIds),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      status: true,
      models: true,
      createdAt: true,
      team: { select: { id: true, name: true } },
      _count: { select: { prompts: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    team: r.team,
    models: (r.models as SessionModel[]).map((m) => m.label),
    prompts: r._count.prompts,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** The session (`session.can` says what the viewer may do with it). */
export async function getSession(session: SessionAccess, deps: Deps = {}): Promise<SessionView> {
  const db = deps.db ?? getDb();
  const { id } = assertCan(session, "evals:read");
  const s = await db.evalSession.findUnique({
    where: { id },
    include: {
      team: { select: { id: true, name: true } },
      owner: { select: { id: true, name: true } },
      _count: { select: { prompts: true } },
    },
  });
  if (!s) throw new AppError("not_found", "This evaluation session does not exist.");
  const gold = await db.evalPrompt.count({ where: { sessionId: id, gold: true } });
  return {
    id: s.id,
    name: s.name,
    instructions: s.instructions,
    status: s.status,
    team: s.team,
    owner: s.owner,
    models: s.models as SessionModel[],
    params: (s.params ?? {}) as Params,
    design: s.design as Design,
    spendCapUsd: s.spendCapUsd == null ? null : Number(s.spendCapUsd),
    prompts: s._count.prompts,
    goldPrompts: gold,
    createdAt: s.createdAt.toISOString(),
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    pausedAt: s.status === "paused" ? s.updatedAt.toISOString() : null,
  };
}

/** The first prompts of a session, for its page. */
export async function samplePrompts(session: SessionAccess, take = 5, deps: Deps = {}) {
  const db = deps.db ?? getDb();
  const { id } = assertCan(session, "evals:read");
  return db.evalPrompt.findMany({
    where: { sessionId: id },
    orderBy: { index: "asc" },
    take,
    select: { index: true, prompt: true, tags: true, gold: true },
  });
}

export async function renameSession(session: SessionAccess, name: string, deps: Deps = {}): Promise<void> {
  const db = deps.db ?? getDb();
  const { id } = assertCan(session, "evals:create");
  // a paused run's pause moment is the session's updatedAt (getSession): a rename keeps it
  const s = await db.evalSession.findUnique({ where: { id }, select: { status: true, updatedAt: true } });
  await db.evalSession.update({ where: { id }, data: { name, ...(s?.status === "paused" ? { updatedAt: s.updatedAt } : {}) } });
}

/** Deletes a session with everything under it. A running session must be cancelled first. */
export async function deleteSession(session: SessionAccess, deps: Deps = {}): Promise<void> {
  const db = deps.db ?? getDb();
  const { id } = assertCan(session, "evals:create");
  const s = await db.evalSession.findUnique({ where: { id }, select: { status: true } });
  if (!s) throw new AppError("not_found", "This evaluation session does not exist.");
  if (s.status === "running" || s.status === "paused") throw new AppError("conflict", "Cancel the run before deleting the session.");
  await db.evalSession.delete({ where: { id } });
}

// Probe suites: the built-in one (lib/scorecards/probes, shipped and versioned) and custom ones
// uploaded as CSV or JSONL (POST /api/v1/probe-suites), stored as ProbeSuite rows. A custom suite
// is personal or a team's, like scorecards (./access.ts).
import "server-only";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { requireTeamPermission, teamIdsWith } from "@/lib/teams/access";
import { builtinSuite, parseSuiteFile } from "./probes";
import { authorizeSuite, readableBy } from "./access";
import type { CreateSuiteInput } from "./schema";
import type { ProbeItem, ProbeSuite } from "./types";

type Deps = { db?: PrismaClient };

export type SuiteSummary = { id: string; name: string; version: string; items: number; teamId: string | null; createdAt: string };

/** The version label stored with every run ("<id>@<n>"), so history compares like with like. */
export const suiteVersionOf = (row: { id: string; version: number }) => `${row.id}@${row.version}`;

/** The suite a scorecard names, as the viewer may see it: "builtin", or a custom suite (404 "suite" otherwise). */
export async function loadSuite(suiteId: string, viewer: Pick<Viewer, "id"> | null, deps: Deps = {}): Promise<ProbeSuite> {
  if (suiteId === "builtin") return builtinSuite();
  const db = deps.db ?? getDb();
  if (viewer) await authorizeSuite(suiteId, viewer, "evals:read", db);
  const row = await db.probeSuite.findUnique({ where: { id: suiteId }, select: { id: true, name: true, version: true, items: true } });
  if (!row) throw new AppError("not_found", "This probe suite does not exist.", "suite");
  return { id: row.id, name: row.name, version: suiteVersionOf(row), items: row.items as ProbeItem[] };
}

/** Parses the file (parseSuiteFile names the bad line) and stores the suite. */
export async function createSuite(input: CreateSuiteInput, viewer: Pick<Viewer, "id">, deps: Deps = {}): Promise<SuiteSummary> {
  const db = deps.db ?? getDb();
  if (input.teamId) await requireTeamPermission(input.teamId, viewer, "evals:create", db);
  let items: ProbeItem[];
  try {
    items = parseSuiteFile(input.content, input.format).items;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("validation", error instanceof Error ? error.message : "The suite file could not be read.", "content");
  }
  if (!items.length) throw new AppError("validation", "The suite file has no items.", "content");
  const row = await db.probeSuite.create({
    data: { id: newId(), name: input.name, teamId: input.teamId ?? null, ownerId: viewer.id, items: items as object[] },
    select: { id: true, name: true, version: true, teamId: true, createdAt: true },
  });
  return {
    id: row.id,
    name: row.name,
    version: suiteVersionOf(row),
    items: items.length,
    teamId: row.teamId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The built-in suite and the custom suites the viewer may use. */
export async function listSuites(viewer: Pick<Viewer, "id">, deps: Deps = {}): Promise<SuiteSummary[]> {
  const db = deps.db ?? getDb();
  const teamIds = await teamIdsWith(viewer, "evals:read", db);
  const rows = await db.probeSuite.findMany({
    where: readableBy(viewer.id, teamIds),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, name: true, version: true, teamId: true, createdAt: true, items: true },
  });
  const builtin = builtinSuite();
  return [
    {
      id: "builtin",
      name: builtin.name,
      version: builtin.version,
      items: builtin.items.length,
      teamId: null,
      createdAt: new Date(0).toISOString(),
    },
    ...rows.map((r) => ({
      id: r.id,
      name: r.name,
      version: suiteVersionOf(r),
      items: Array.isArray(r.items) ? r.items.length : 0,
      teamId: r.teamId,
      createdAt: r.createdAt.toISOString(),
    })),
  ];
}

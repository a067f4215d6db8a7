"use server";

import { ownedComparison as owned, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { getComparisonById } from "@/lib/compare/queries";
import { AppError } from "@/lib/errors";
import { admitComparison, spenderOf } from "@/lib/limits/compare";
import { estimateRerun, rerunComparison, rerunInput, type RerunEstimate, type Rerunnable } from "@/lib/shares/rerun";
import { createShareSchema, expiryFrom, shareIdSchema, shareTokenSchema } from "@/lib/shares/schema";
import {
  createShare,
  findActiveShareByToken,
  listShares,
  refreshShare,
  revokeShare,
  sharePath,
  type ShareSummary,
} from "@/lib/shares/service";

// Share, revoke, update and re-run from the UI; every action goes through `safely`.

function ownShareId(shareId: unknown): string {
  if (!shareIdSchema.safeParse(shareId).success) throw new AppError("not_found", "This share link does not exist.");
  return shareId as string;
}

/** Makes a link; `path` (`/s/<token>`) is returned this once and never again. */
export async function createShareAction(id: unknown, input: unknown): Promise<ActionResult<{ share: ShareSummary; path: string }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    const parsed = parse(createShareSchema, input ?? {});
    const { share, token } = await createShare(access, { expiresAt: expiryFrom(parsed, new Date()) });
    return { share, path: sharePath(token) };
  });
}

export async function listSharesAction(id: unknown): Promise<ActionResult<{ shares: ShareSummary[] }>> {
  return safely(async (viewer) => ({ shares: await listShares(await owned(id, viewer, "read")) }));
}

export async function revokeShareAction(id: unknown, shareId: unknown): Promise<ActionResult<{ share: ShareSummary }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    return { share: await revokeShare(access, ownShareId(shareId)) };
  });
}

/** Updates a link to the comparison's current state (later turns included). */
export async function refreshShareAction(id: unknown, shareId: unknown): Promise<ActionResult<{ share: ShareSummary }>> {
  return safely(async (viewer) => {
    const access = await owned(id, viewer, "write");
    return { share: await refreshShare(access, ownShareId(shareId)) };
  });
}

async function rerunSourceOfComparison(id: unknown, viewer: Parameters<typeof owned>[1]): Promise<Rerunnable> {
  // a re-run is a new personal comparison of the viewer's: reading the source is enough
  const view = await getComparisonById(await owned(id, viewer, "read"));
  if (!view) throw new AppError("not_found", "This comparison does not exist.");
  return view;
}

async function rerunSourceOfShare(token: unknown): Promise<Rerunnable> {
  const gone = new AppError("not_found", "This link does not exist or is no longer shared.");
  if (!shareTokenSchema.safeParse(token).success) throw gone;
  const share = await findActiveShareByToken({ token: token as string });
  if (!share) throw gone;
  return share.snapshot;
}

/** What re-running every turn of a comparison one may read would cost at most, for the confirmation. */
export async function estimateRerunAction(id: unknown): Promise<ActionResult<RerunEstimate>> {
  return safely(async (viewer) => estimateRerun(await rerunSourceOfComparison(id, viewer)));
}

/** The same for a shared snapshot. */
export async function estimateShareRerunAction(token: unknown): Promise<ActionResult<RerunEstimate>> {
  return safely(async () => estimateRerun(await rerunSourceOfShare(token)));
}

/**
 * Runs a comparison one may read (one's own or a team's) again as a new comparison, every turn in
 * order on the server; the browser then opens `/c/<id>`, which follows the turns as they run.
 */
export async function rerunComparisonAction(id: unknown): Promise<ActionResult<{ id: string; turns: number }>> {
  return safely(async (viewer) => {
    const source = await rerunSourceOfComparison(id, viewer);
    // the first turn is admitted here, every later one when the sequence sends it
    const spender = spenderOf(viewer);
    const hold = await admitComparison(rerunInput(source), spender);
    const { id: newId, turns } = rerunComparison(source, { ownerId: viewer.id }, { hold, spender });
    return { id: newId, turns };
  });
}

/** Runs a shared snapshot's turns again, in order, as a new comparison owned by the viewer. */
export async function rerunShareAction(token: unknown): Promise<ActionResult<{ id: string; turns: number }>> {
  return safely(async (viewer) => {
    const source = await rerunSourceOfShare(token);
    const spender = spenderOf(viewer);
    const hold = await admitComparison(rerunInput(source), spender);
    const { id, turns } = rerunComparison(source, { ownerId: viewer.id }, { hold, spender });
    return { id, turns };
  });
}

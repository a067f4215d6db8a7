"use server";

import { ownedComparison as owned, parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { getComparisonById } from "@/lib/compare/queries";
import { AppError } from "@/lib/errors";
import { rerunComparison } from "@/lib/shares/rerun";
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

/** Runs a comparison one may read (one's own or a team's) again as a new comparison; the browser then opens `/c/<id>`. */
export async function rerunComparisonAction(id: unknown): Promise<ActionResult<{ id: string }>> {
  return safely(async (viewer) => {
    // a re-run is a new personal comparison of the viewer's: reading the source is enough
    const view = await getComparisonById(await owned(id, viewer, "read"));
    if (!view) throw new AppError("not_found", "This comparison does not exist.");
    return rerunComparison(view, { ownerId: viewer.id });
  });
}

/** Runs a shared snapshot's first prompt again as a new comparison owned by the viewer. */
export async function rerunShareAction(token: unknown): Promise<ActionResult<{ id: string }>> {
  return safely(async (viewer) => {
    const gone = new AppError("not_found", "This link does not exist or is no longer shared.");
    if (!shareTokenSchema.safeParse(token).success) throw gone;
    const share = await findActiveShareByToken({ token: token as string });
    if (!share) throw gone;
    return rerunComparison(share.snapshot, { ownerId: viewer.id });
  });
}

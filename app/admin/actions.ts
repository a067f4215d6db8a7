"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { accountPatchSchema, assertAdmin, overrideSchema, setOverride, updateAccount, type AccountRow } from "@/lib/admin/service";

// Instance admin actions (/admin); each goes through `safely` and is 404 for anyone but an admin.

/** Approves, disables or makes admin one account. */
export async function updateAccountAction(userId: unknown, patch: unknown): Promise<ActionResult<AccountRow>> {
  return safely(async (viewer) => {
    assertAdmin(viewer);
    const id = parse(z.string().min(1).max(64), userId);
    const row = await updateAccount(viewer, id, parse(accountPatchSchema, patch));
    revalidatePath("/admin");
    return row;
  });
}

/** Sets the limit override of a person, team or API token (null fields: the default). */
export async function setOverrideAction(input: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    assertAdmin(viewer);
    await setOverride(viewer, parse(overrideSchema, input));
    revalidatePath("/admin");
    return null;
  });
}

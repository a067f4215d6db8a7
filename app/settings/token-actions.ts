"use server";

import { revalidatePath } from "next/cache";
import { createTokenSchema, tokenIdSchema } from "@/app/api/v1/tokens/schema";
import { parse, safely, type ActionResult } from "@/lib/actions/safe-action";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { AppError } from "@/lib/errors";

export async function createTokenAction(input: unknown): Promise<ActionResult<{ token: string; name: string }>> {
  return safely(async (viewer) => {
    if (viewer.local) throw new AppError("bad_request", "Sign-in is off: the API needs no token in local mode.");
    const { name } = parse(createTokenSchema, input);
    const created = await createApiToken({ userId: viewer.id, name });
    revalidatePath("/settings/tokens");
    return { token: created.token, name: created.name };
  });
}

export async function revokeTokenAction(tokenId: unknown): Promise<ActionResult<null>> {
  return safely(async (viewer) => {
    const id = tokenIdSchema.safeParse(tokenId);
    if (!id.success) throw new AppError("not_found", "This API token does not exist.");
    await revokeApiToken({ userId: viewer.id, tokenId: id.data });
    revalidatePath("/settings/tokens");
    return null;
  });
}

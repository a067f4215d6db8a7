"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { requireViewer } from "@/lib/auth/viewer";
import { AppError, fromZodError } from "@/lib/errors";
import { createTokenSchema, tokenIdSchema } from "@/app/api/v1/tokens/schema";

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field: string | null } };

async function safely<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, ...error.toJSON() };
    console.error("[juxta] token action failed", error);
    return { ok: false, error: { code: "internal", message: "Something went wrong on the server. It has been logged.", field: null } };
  }
}

export async function createTokenAction(input: unknown): Promise<Result<{ token: string; name: string }>> {
  return safely(async () => {
    const viewer = await requireViewer();
    if (viewer.local) throw new AppError("bad_request", "Sign-in is off: the API needs no token in local mode.");
    const parsed = createTokenSchema.safeParse(input);
    if (!parsed.success) throw fromZodError(parsed.error);
    const created = await createApiToken({ userId: viewer.id, name: parsed.data.name });
    revalidatePath("/settings/tokens");
    return { token: created.token, name: created.name };
  });
}

export async function revokeTokenAction(tokenId: unknown): Promise<Result<null>> {
  return safely(async () => {
    const viewer = await requireViewer();
    const id = tokenIdSchema.safeParse(tokenId);
    if (!id.success) throw new AppError("not_found", "This API token does not exist.");
    await revokeApiToken({ userId: viewer.id, tokenId: id.data });
    revalidatePath("/settings/tokens");
    return null;
  });
}

import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashSecret, newSecret } from "./tokens";

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const MAX_ACTIVE_TOKENS = 50;

function summary(t: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}): ApiTokenSummary {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a personal API token. The secret is returned this once; only its hash is stored. */
export async function createApiToken({ userId, name }: { userId: string; name: string }): Promise<{ token: string } & ApiTokenSummary> {
  const db = getDb();
  const active = await db.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) throw new AppError("conflict", `You have ${MAX_ACTIVE_TOKENS} active tokens: revoke one first.`);
  const token = newSecret("jx_");
  const row = await db.apiToken.create({
    data: { id: newId(), userId, name, tokenHash: hashSecret(token), prefix: token.slice(0, 7) },
  });
  return { token, ...summary(row) };
}

export async function listApiTokens({ userId }: { userId: string }): Promise<ApiTokenSummary[]> {
  const rows = await getDb().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(summary);
}

/** Revokes one of the user's tokens; someone else's token is "not found". */
export async function revokeApiToken({ userId, tokenId }: { userId: string; tokenId: string }): Promise<void> {
  const { count } = await getDb().apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) {
    const exists = await getDb().apiToken.findFirst({ where: { id: tokenId, userId }, select: { id: true } });
    if (!exists) throw new AppError("not_found", "This API token does not exist.");
  }
}

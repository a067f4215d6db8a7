// Who may create an account (JUXTA_SIGNUP, AUTH_ALLOWED_EMAILS) and in which state it starts:
//   open      anyone who can sign in gets an active account
//   approval  (default) the first account is an instance admin; later ones wait for an admin's
//             approval ("pending") unless their address is allowed or has a team invite
//   invite    only allowed or invited addresses may create an account at all
// Applies to every sign-in provider alike (email, GitHub, Entra ID, OIDC): the signIn callback
// refuses, the adapter's createUser sets the state. Local mode has no accounts and is unaffected.
import "server-only";
import type { Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { LOCAL_USER_ID } from "./local";

/** Whether `email` matches an AUTH_ALLOWED_EMAILS entry (an address, or `@domain`). */
export function emailAllowed(email: string | null | undefined, allowed: readonly string[]): boolean {
  if (!email) return false;
  const address = email.trim().toLowerCase();
  const domain = address.slice(address.lastIndexOf("@"));
  return allowed.some((entry) => (entry.startsWith("@") ? entry === domain : entry === address));
}

/** An open (not used, not revoked, not expired) team invitation to this address. */
async function invited(db: PrismaClient, email: string | null | undefined): Promise<boolean> {
  if (!email) return false;
  const invite = await db.teamInvite.findFirst({
    where: { email: { equals: email.trim(), mode: "insensitive" }, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  return invite !== null;
}

/** No account exists yet (local mode's user aside): the next one is the instance admin. */
async function noAccounts(db: PrismaClient): Promise<boolean> {
  const one = await db.user.findFirst({ where: { id: { not: LOCAL_USER_ID } }, select: { id: true } });
  return one === null;
}

export type SignInCheck = { ok: true } | { ok: false; error: "NotInvited" | "AccountDisabled" };

/**
 * May this sign-in go ahead? An existing account may (unless disabled); a new one by the policy:
 * under `invite` only allowed or invited addresses (and the very first account).
 */
export async function checkSignIn(
  db: PrismaClient,
  env: Env,
  who: { email?: string | null; provider?: string; providerAccountId?: string },
): Promise<SignInCheck> {
  const existing =
    (who.provider && who.providerAccountId
      ? await db.account
          .findUnique({
            where: { provider_providerAccountId: { provider: who.provider, providerAccountId: who.providerAccountId } },
            select: { user: { select: { status: true } } },
          })
          .then((a) => a?.user ?? null)
      : null) ?? (who.email ? await db.user.findUnique({ where: { email: who.email }, select: { status: true } }) : null);
  if (existing) return existing.status === "disabled" ? { ok: false, error: "AccountDisabled" } : { ok: true };
  if (env.signup !== "invite") return { ok: true };
  if (emailAllowed(who.email, env.allowedEmails) || (await invited(db, who.email)) || (await noAccounts(db))) return { ok: true };
  return { ok: false, error: "NotInvited" };
}

/** The state a new account starts in. */
export async function newAccountState(
  db: PrismaClient,
  env: Env,
  email: string | null | undefined,
): Promise<{ status: "active" | "pending"; isAdmin: boolean }> {
  if (await noAccounts(db)) return { status: "active", isAdmin: true };
  if (env.signup === "open" || emailAllowed(email, env.allowedEmails) || (await invited(db, email)))
    return { status: "active", isAdmin: false };
  return { status: env.signup === "invite" ? "active" : "pending", isAdmin: false };
}

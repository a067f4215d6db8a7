import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import { headers } from "next/headers";
import AzureADProvider from "next-auth/providers/azure-ad";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import type { Provider } from "next-auth/providers/index";
import { getDb } from "@/lib/db";
import { getEnv, type Env } from "@/lib/env";
import { adoptLocalComparisons } from "./adopt-local";
import { clientAddress, throttleSignInEmail } from "./email-throttle";
import { checkSignIn, newAccountState } from "./signup";
import { withHashedSessions } from "./hashed-sessions";
import { log } from "@/lib/observability/log";

/** The sign-in providers the environment switches on, in the order the sign-in page lists them. */
export function authProviders(env: Env): Provider[] {
  const { github, entra, oidc, email } = env.auth;
  const providers: Provider[] = [];
  if (oidc)
    providers.push({
      id: "oidc",
      name: oidc.name,
      type: "oauth",
      wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; name?: string; email?: string; picture?: string; preferred_username?: string }) {
        return {
          id: profile.sub,
          name: profile.name ?? profile.preferred_username ?? null,
          email: profile.email ?? null,
          image: profile.picture ?? null,
        };
      },
    });
  if (entra) providers.push(AzureADProvider({ clientId: entra.clientId, clientSecret: entra.clientSecret, tenantId: entra.tenantId }));
  if (github) providers.push(GitHubProvider({ clientId: github.clientId, clientSecret: github.clientSecret }));
  if (email) providers.push(EmailProvider({ server: email.server, from: email.from, maxAge: 15 * 60 }));
  return providers;
}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const db = getDb();
  // the adapter only needs the four next-auth models, which the generated client has; session
  // tokens are stored as their SHA-256 (./hashed-sessions.ts)
  const base = withHashedSessions(PrismaAdapter(db as never));
  const adapter: Adapter = {
    ...base,
    // a new account starts active or waiting for approval (lib/auth/signup.ts)
    async createUser(data: Omit<AdapterUser, "id">) {
      const state = await newAccountState(db, env, data.email);
      const user = await db.user.create({ data: { ...data, ...state } });
      return user as AdapterUser;
    },
  };
  cached = {
    adapter,
    providers: authProviders(env),
    secret: env.auth.secret,
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
    events: {
      // comparisons made before sign-in was switched on go to the first account that signs in
      async createUser({ user }) {
        await adoptLocalComparisons(user.id);
      },
    },
    callbacks: {
      session({ session, user }) {
        const { status, isAdmin } = user as AdapterUser & { status?: string; isAdmin?: boolean };
        return { ...session, user: { ...session.user, id: user.id, status, isAdmin } };
      },
      // the sign-up policy, for every provider; and the sign-in email throttle
      async signIn({ user, account, email }) {
        const check = await checkSignIn(db, env, {
          email: user.email,
          ...(account && account.type !== "email" ? { provider: account.provider, providerAccountId: account.providerAccountId } : {}),
        });
        if (!check.ok) return `/signin?error=${check.error}`;
        if (email?.verificationRequest && user.email) {
          const wait = await throttleSignInEmail(db, env.signinEmails, user.email, clientAddress(await headers()));
          if (wait !== null) return `/signin?error=EmailThrottled&retryIn=${wait}`;
        }
        return true;
      },
    },
    logger: {
      error(code, metadata) {
        log.error(`auth error ${code}`, metadata instanceof Error ? { error: metadata.message } : undefined);
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") log.warn(`auth warning ${code}`);
      },
      debug() {},
    },
  };
  return cached;
}

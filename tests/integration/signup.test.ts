// The sign-up policy (lib/auth/signup.ts) and the sign-in email throttle (lib/auth/email-throttle.ts)
// on the test database: the first account is an admin; under `approval` later ones wait unless
// allowed or invited; under `invite` others are refused; disabled accounts cannot sign in; and
// sign-in links are counted per address and per client.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "@/lib/db";
import { parseEnv, type Env } from "@/lib/env";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { checkSignIn, emailAllowed, newAccountState } from "@/lib/auth/signup";
import { throttleSignInEmail } from "@/lib/auth/email-throttle";

let db: PrismaClient;
const envWith = (vars: Record<string, string>): Env =>
  parseEnv({ AUTH_SECRET: "x".repeat(40), EMAIL_SERVER: "smtp://127.0.0.1:1", EMAIL_FROM: "a@b.test", ...vars });

beforeAll(async () => {
  db = createDb(inject("databaseUrl"));
  await db.user.deleteMany({ where: { id: { not: "local" } } });
});

describe("sign-up policy", () => {
  it("matches AUTH_ALLOWED_EMAILS addresses and @domain entries, case-insensitively", () => {
    const allowed = envWith({ AUTH_ALLOWED_EMAILS: "Boss@Example.com, @corp.test" }).allowedEmails;
    expect(emailAllowed("boss@example.com", allowed)).toBe(true);
    expect(emailAllowed("anyone@CORP.test", allowed)).toBe(true);
    expect(emailAllowed("anyone@sub.corp.test", allowed)).toBe(false);
    expect(emailAllowed("other@example.com", allowed)).toBe(false);
    expect(() => envWith({ AUTH_ALLOWED_EMAILS: "not an address" })).toThrow(/AUTH_ALLOWED_EMAILS/);
  });

  it("approval (the default): the first account is an active admin, later ones pending unless allowed or invited", async () => {
    const env = envWith({ AUTH_ALLOWED_EMAILS: "@corp.test" });
    expect(env.signup).toBe("approval");
    expect(await newAccountState(db, env, "first@example.com")).toEqual({ status: "active", isAdmin: true });
    await db.user.create({ data: { id: "first", email: "first@example.com", isAdmin: true } });
    expect(await newAccountState(db, env, "second@example.com")).toEqual({ status: "pending", isAdmin: false });
    expect(await newAccountState(db, env, "dev@corp.test")).toEqual({ status: "active", isAdmin: false });
    const team = await db.team.create({ data: { id: "t-signup", name: "Signup team" } });
    await db.teamInvite.create({
      data: {
        id: "inv-1",
        teamId: team.id,
        tokenHash: "h-inv-1",
        email: "Invited@Example.com",
        role: "member",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect(await newAccountState(db, env, "invited@example.com")).toEqual({ status: "active", isAdmin: false });
    // anyone may sign in under approval (the account then waits)
    expect(await checkSignIn(db, env, { email: "stranger@example.com" })).toEqual({ ok: true });
  });

  it("invite: only allowed or invited addresses may create an account; open: anyone", async () => {
    const invite = envWith({ JUXTA_SIGNUP: "invite", AUTH_ALLOWED_EMAILS: "@corp.test" });
    expect(await checkSignIn(db, invite, { email: "stranger@example.com" })).toEqual({ ok: false, error: "NotInvited" });
    expect(await checkSignIn(db, invite, { email: "dev@corp.test" })).toEqual({ ok: true });
    expect(await checkSignIn(db, invite, { email: "invited@example.com" })).toEqual({ ok: true });
    // an existing account signs in whatever the policy
    expect(await checkSignIn(db, invite, { email: "first@example.com" })).toEqual({ ok: true });
    const open = envWith({ JUXTA_SIGNUP: "open" });
    expect(await newAccountState(db, open, "stranger@example.com")).toEqual({ status: "active", isAdmin: false });
  });

  it("a disabled account cannot sign in, by email or through its linked provider account", async () => {
    const env = envWith({ JUXTA_SIGNUP: "open" });
    await db.user.create({ data: { id: "gone", email: "gone@example.com", status: "disabled" } });
    await db.account.create({ data: { id: "acc-gone", userId: "gone", type: "oauth", provider: "oidc", providerAccountId: "sub-gone" } });
    expect(await checkSignIn(db, env, { email: "gone@example.com" })).toEqual({ ok: false, error: "AccountDisabled" });
    expect(await checkSignIn(db, env, { provider: "oidc", providerAccountId: "sub-gone" })).toEqual({
      ok: false,
      error: "AccountDisabled",
    });
  });
});

describe("sign-in email throttle", () => {
  it("allows 3 links per address and 10 per client in 10 minutes, then says how long to wait", async () => {
    const limits = envWith({}).signinEmails;
    expect(limits).toEqual({ perAddress: 3, perClient: 10 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await throttleSignInEmail(db, limits, "victim@example.com", `10.0.0.${i}`));
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    expect(results[3]).toBeGreaterThan(590);
    expect(results[3]).toBeLessThanOrEqual(600);
    // the address is counted whatever its case
    expect(await throttleSignInEmail(db, limits, "VICTIM@example.com", "10.0.1.1")).toBeGreaterThan(0);
    // one client, many addresses: the 11th is refused
    const fromOne = [];
    for (let i = 0; i < 11; i++) fromOne.push(await throttleSignInEmail(db, limits, `user${i}@example.com`, "192.0.2.7"));
    expect(fromOne.slice(0, 10).every((r) => r === null)).toBe(true);
    expect(fromOne[10]).toBeGreaterThan(0);
  });
});

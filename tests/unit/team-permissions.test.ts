// The role -> permission mapping (lib/teams/permissions.ts) and the team input schemas.
import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES, rolesWith, type Permission } from "@/lib/teams/permissions";
import {
  comparisonTeamFilterSchema,
  createInviteSchema,
  createTeamSchema,
  INVITE_DEFAULT_DAYS,
  inviteTokenSchema,
  transferSchema,
} from "@/lib/teams/schema";
import { newSecret } from "@/lib/auth/tokens";

// Written out by hand: a change to the mapping must change this table too.
const expected: Record<(typeof ROLES)[number], Permission[]> = {
  owner: [...PERMISSIONS],
  admin: [
    "team:read",
    "team:invite",
    "team:manage_members",
    "team:rename",
    "comparisons:read",
    "comparisons:write",
    "evals:read",
    "evals:create",
    "evals:run",
    "evals:rate",
    "evals:share",
  ],
  member: ["team:read", "comparisons:read", "comparisons:write", "evals:read", "evals:create", "evals:run", "evals:rate", "evals:share"],
  viewer: ["team:read", "comparisons:read", "evals:read"],
};

describe("team permissions", () => {
  it.each(ROLES)("%s has exactly its permissions", (role) => {
    for (const permission of PERMISSIONS) expect(can(role, permission), `${role} ${permission}`).toBe(expected[role].includes(permission));
  });

  it("only the owner deletes or transfers; viewers change nothing", () => {
    expect(rolesWith("team:delete")).toEqual(["owner"]);
    expect(rolesWith("team:transfer")).toEqual(["owner"]);
    expect(rolesWith("team:manage_members")).toEqual(["owner", "admin"]);
    expect(rolesWith("comparisons:write")).toEqual(["owner", "admin", "member"]);
    expect(rolesWith("comparisons:read")).toEqual(["owner", "admin", "member", "viewer"]);
    expect(
      ROLE_PERMISSIONS.viewer.some((p) => /:(write|create|run|rate|share|invite|manage_members|rename|delete|transfer)$/.test(p)),
    ).toBe(false);
  });

  it("each role's permissions include every lower role's", () => {
    for (let i = 1; i < ROLES.length; i++) for (const p of ROLE_PERMISSIONS[ROLES[i]!]) expect(can(ROLES[i - 1]!, p)).toBe(true);
  });
});

describe("team schemas", () => {
  it("invitations: admin, member or viewer; 7 days by default, at most 30; email lower-cased", () => {
    expect(createInviteSchema.parse({ role: "member" })).toEqual({ role: "member", expiresInDays: INVITE_DEFAULT_DAYS });
    expect(INVITE_DEFAULT_DAYS).toBe(7);
    expect(createInviteSchema.parse({ role: "viewer", email: " Ana@Example.COM ", expiresInDays: 30 })).toEqual({
      role: "viewer",
      email: "ana@example.com",
      expiresInDays: 30,
    });
    const issue = (v: unknown) => {
      const r = createInviteSchema.safeParse(v);
      return r.success ? null : r.error.issues[0]!.path.join(".");
    };
    expect(issue({ role: "owner" })).toBe("role");
    expect(issue({ role: "member", expiresInDays: 31 })).toBe("expiresInDays");
    expect(issue({ role: "member", expiresInDays: 0 })).toBe("expiresInDays");
    expect(issue({ role: "member", expiresInDays: 1.5 })).toBe("expiresInDays");
    expect(issue({ role: "member", email: "nope" })).toBe("email");
    expect(issue({ role: "member", token: "x" })).toBe("");
  });

  it("team names are trimmed and bounded", () => {
    expect(createTeamSchema.parse({ name: "  Evals  " })).toEqual({ name: "Evals" });
    expect(createTeamSchema.safeParse({ name: "   " }).success).toBe(false);
    expect(createTeamSchema.safeParse({ name: "x".repeat(101) }).success).toBe(false);
    expect(transferSchema.safeParse({ userId: "a b" }).success).toBe(false);
  });

  it("invitation tokens are what newSecret() makes; the team filter takes an id or 'personal'", () => {
    expect(inviteTokenSchema.safeParse(newSecret()).success).toBe(true);
    expect(inviteTokenSchema.safeParse("../../x").success).toBe(false);
    expect(comparisonTeamFilterSchema.safeParse("personal").success).toBe(true);
    expect(comparisonTeamFilterSchema.safeParse("AbCdEfGhIjKlMnOp").success).toBe(true);
    expect(comparisonTeamFilterSchema.safeParse("me").success).toBe(false);
  });
});

// Input of every team entry point (API routes, server actions, pages). Pure: used by forms too.
import { z } from "zod";
import { idSchema } from "@/lib/ids";

export const TEAM_NAME_MAX = 100;
export const INVITE_DEFAULT_DAYS = 7;
export const INVITE_MAX_DAYS = 30;
/** Pending invitations per team: enough for a department, small enough that a loop cannot flood the table. */
export const MAX_PENDING_INVITES = 200;

export const teamIdSchema = idSchema("team");
export const inviteIdSchema = idSchema("invitation");
/** next-auth ids (cuid), "local", and the ids tests make */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_.:@-]{1,191}$/, "Malformed user id.");
/** newSecret(): 32 random bytes, base64url */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{40,64}$/, "Malformed invitation link.");

const teamName = z
  .string({ error: "Enter a team name." })
  .trim()
  .min(1, "Enter a team name.")
  .max(TEAM_NAME_MAX, `The team name is longer than ${TEAM_NAME_MAX} characters.`);

// POST /api/v1/teams, PATCH /api/v1/teams/<id>
export const createTeamSchema = z.object({ name: teamName }).strict();
export const renameTeamSchema = createTeamSchema;

/** The roles an invitation or a role change may give; ownership moves only by transfer. */
export const assignableRoles = ["admin", "member", "viewer"] as const;
export type AssignableRole = (typeof assignableRoles)[number];
const assignableRole = z.enum(assignableRoles, { error: "role must be admin, member or viewer (ownership moves only by transfer)." });

// POST /api/v1/teams/<id>/invites
export const createInviteSchema = z
  .object({
    role: assignableRole,
    /** only a person signed in with this address may accept; the link is mailed to it */
    email: z
      .string()
      .trim()
      .max(320, "The email address is longer than 320 characters.")
      .pipe(z.email("Enter a valid email address."))
      .transform((e) => e.toLowerCase())
      .optional()
      .nullable(),
    expiresInDays: z
      .number({ error: "expiresInDays must be a number of days." })
      .int("expiresInDays must be a whole number of days.")
      .min(1, `An invitation lasts 1 to ${INVITE_MAX_DAYS} days.`)
      .max(INVITE_MAX_DAYS, `An invitation lasts 1 to ${INVITE_MAX_DAYS} days.`)
      .default(INVITE_DEFAULT_DAYS),
  })
  .strict();
export type CreateInviteInput = z.infer<typeof createInviteSchema>;

// PATCH /api/v1/teams/<id>/members/<userId>
export const changeRoleSchema = z.object({ role: assignableRole }).strict();

// POST /api/v1/teams/<id>/transfer
export const transferSchema = z.object({ userId: userIdSchema }).strict();

// GET /api/v1/comparisons and /history: whose comparisons to list
export const comparisonTeamFilterSchema = z.union([z.literal("personal"), teamIdSchema], {
  error: 'team must be a team id or "personal".',
});

// POST /api/v1/invites/<token>/accept: no body, or {}
export const acceptInviteSchema = z.object({}).strict();

import { z } from "zod";
import { idSchema } from "@/lib/ids";

/** Longest expiry a link can be given in days (a year). */
export const MAX_EXPIRY_DAYS = 365;

// POST /api/v1/comparisons/<id>/shares and the share dialog: no expiry, a number of days, or a date.
export const createShareSchema = z
  .object({
    expiresInDays: z
      .number({ error: "expiresInDays must be a whole number of days." })
      .int("expiresInDays must be a whole number of days.")
      .min(1, `expiresInDays must be between 1 and ${MAX_EXPIRY_DAYS}.`)
      .max(MAX_EXPIRY_DAYS, `expiresInDays must be between 1 and ${MAX_EXPIRY_DAYS}.`)
      .optional(),
    expiresAt: z.iso
      .datetime({ offset: true, error: "expiresAt must be an ISO 8601 date and time, e.g. 2030-01-31T12:00:00Z." })
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.expiresInDays !== undefined && v.expiresAt !== undefined)
      ctx.addIssue({ code: "custom", message: "Give expiresInDays or expiresAt, not both.", path: ["expiresAt"] });
    else if (v.expiresAt !== undefined && Date.parse(v.expiresAt) <= Date.now())
      ctx.addIssue({ code: "custom", message: "expiresAt must be in the future.", path: ["expiresAt"] });
  });
export type CreateShareInput = z.infer<typeof createShareSchema>;

// PATCH /api/v1/comparisons/<id>/shares/<shareId>: refreshes the snapshot; takes no fields
export const refreshShareSchema = z.object({}).strict();

export const shareIdSchema = idSchema("share");

/** A share link's token: 256 random bits in base64url, as `newSecret()` makes them. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Malformed share token.");

// GET .../export?format=json|md
export const exportFormatSchema = z.enum(["json", "md"], { error: 'format must be "json" or "md".' }).default("json");
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** When a link made from `input` at `now` expires (null: never). */
export function expiryFrom(input: CreateShareInput, now: Date): Date | null {
  if (input.expiresInDays !== undefined) return new Date(now.getTime() + input.expiresInDays * 86_400_000);
  if (input.expiresAt !== undefined) return new Date(input.expiresAt);
  return null;
}

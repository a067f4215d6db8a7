// Scorecards: input schemas of the API (POST /api/v1/scorecards, PATCH, runs, probe suites) and the
// stored deployment snapshot. Pure; shared by server and UI, so the messages are the same on both sides.
import { z } from "zod";
import { idSchema } from "@/lib/ids";
import { scheduleValues } from "./types";

export const MIN_DEPLOYMENTS = 2;
export const MAX_DEPLOYMENTS = 8;
export const MAX_SAMPLES = 10;
export const MAX_WEBHOOKS = 5;
/** POST /api/v1/probe-suites: a suite file up to 20 MB (long-context items are large). */
export const MAX_SUITE_BODY_BYTES = 20_000_000;

export const scorecardIdSchema = idSchema("scorecard");
export const runIdSchema = idSchema("run");
export const suiteIdSchema = idSchema("suite");

/** A webhook target: http(s) only, no credentials in the authority part. */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, "A webhook URL is at most 2,000 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "A webhook URL is an http:// or https:// address (without user:password@).");

export const alertsSchema = z
  .object({
    email: z.boolean({ error: "alerts.email is true or false." }).optional(),
    webhooks: z
      .array(webhookUrlSchema)
      .max(MAX_WEBHOOKS, `At most ${MAX_WEBHOOKS} webhooks.`)
      .refine((w) => new Set(w).size === w.length, "A webhook is listed twice.")
      .optional(),
  })
  .strict();
export type AlertsInput = z.infer<typeof alertsSchema>;

const scheduleSchema = z.enum(scheduleValues, { error: 'schedule is "hourly", "daily", "weekly" or null.' }).nullable();

const nameSchema = z.string().trim().min(1, "Name the scorecard.").max(120, "A scorecard name is at most 120 characters.");

/** POST /api/v1/scorecards */
export const createScorecardSchema = z
  .object({
    name: nameSchema,
    teamId: idSchema("team").nullable().optional(),
    deployments: z
      .array(z.string().min(1).max(300), { error: "deployments is a list of model ids (GET /api/v1/models)." })
      .min(MIN_DEPLOYMENTS, `Choose at least ${MIN_DEPLOYMENTS} deployments: a scorecard compares deployments with a reference.`)
      .max(MAX_DEPLOYMENTS, `Choose at most ${MAX_DEPLOYMENTS} deployments.`)
      .refine((d) => new Set(d).size === d.length, "A deployment is listed twice."),
    reference: z.string({ error: "Name the reference deployment (one of deployments)." }).min(1).max(300),
    suite: z.union([z.literal("builtin"), suiteIdSchema], { error: 'suite is "builtin" or the id of a probe suite.' }).default("builtin"),
    samples: z
      .number({ error: "samples is a whole number." })
      .int("samples is a whole number.")
      .min(1, "samples is at least 1.")
      .max(MAX_SAMPLES, `samples is at most ${MAX_SAMPLES}.`)
      .default(3),
    schedule: scheduleSchema.default(null),
    spendCapUsd: z
      .number({ error: "spendCapUsd is a number (USD)." })
      .positive("The spend cap must be more than 0.")
      .max(1_000_000)
      .nullable()
      .optional(),
    alerts: alertsSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.deployments.includes(v.reference))
      ctx.addIssue({ code: "custom", message: "The reference must be one of the deployments.", path: ["reference"] });
  });
export type CreateScorecardInput = z.infer<typeof createScorecardSchema>;

/** PATCH /api/v1/scorecards/<id> */
export const updateScorecardSchema = z
  .object({
    name: nameSchema.optional(),
    schedule: scheduleSchema.optional(),
    spendCapUsd: z.number().positive("The spend cap must be more than 0.").max(1_000_000).nullable().optional(),
    alerts: alertsSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to change: give name, schedule, spendCapUsd or alerts." });
export type UpdateScorecardInput = z.infer<typeof updateScorecardSchema>;

/** POST /api/v1/scorecards/<id>/runs: no fields */
export const startRunSchema = z.object({}).strict();

/** GET /api/v1/scorecards/<id>/route */
export const routeQuerySchema = z
  .object({
    by: z.enum(["cost", "speed"], { error: 'by is "cost" or "speed".' }).default("cost"),
    format: z.enum(["openrouter", "vercel", "litellm"], { error: 'format is "openrouter", "vercel" or "litellm".' }).default("openrouter"),
  })
  .strict();
export type RouteQuery = z.infer<typeof routeQuerySchema>;

/** POST /api/v1/probe-suites: a CSV or JSONL file's text */
export const createSuiteSchema = z
  .object({
    name: z.string().trim().min(1, "Name the suite.").max(120, "A suite name is at most 120 characters."),
    teamId: idSchema("team").nullable().optional(),
    format: z.enum(["csv", "jsonl"], { error: 'format is "csv" or "jsonl".' }),
    content: z.string({ error: "content is the file's text." }).min(1, "The file is empty."),
  })
  .strict();
export type CreateSuiteInput = z.infer<typeof createSuiteSchema>;

/** POST /api/v1/notifications/read: some ids, or all */
export const markReadSchema = z
  .object({
    ids: z.array(idSchema("notification")).max(500).optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.all === true || (v.ids?.length ?? 0) > 0, { message: 'Give "ids" or "all": true.', path: ["ids"] });

/** A deployment as stored with the scorecard (the catalog entry at creation). */
export type DeploymentSnapshot = {
  id: string;
  label: string;
  provider: string;
  providerLabel: string;
  logicalModel: string;
  price: { input: number; output: number } | null;
};

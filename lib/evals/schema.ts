// Evaluation sessions: input schemas and the stored shapes (Json columns). Pure; shared by
// server and UI, so the messages are the same on both sides.
import { z } from "zod";
import { paramsSchema } from "@/lib/compare/schema";
import { formatCount } from "@/lib/format";
import { idSchema } from "@/lib/ids";

export const MAX_PROMPTS = 5000;
export const MAX_PROMPT_CHARS = 100_000;
export const MIN_MODELS = 2;
export const MAX_MODELS = 8;
export const MAX_RATERS = 20;
/** POST /api/v1/evals: a large prompt set fits; larger bodies are refused before parsing. */
export const MAX_SESSION_BODY_BYTES = 25_000_000;

export const criterionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "A criterion key is lower-case letters, digits and _ (e.g. accuracy)."),
    name: z.string().trim().min(1, "Name the criterion.").max(60, "A criterion name is at most 60 characters."),
    scale: z.enum(["likert", "passfail"], { error: 'A criterion scale is "likert" (1-5) or "passfail".' }),
  })
  .strict();
export type Criterion = z.infer<typeof criterionSchema>;

/** How raters judge: pairwise blind votes and/or per-answer scores on criteria; K raters per item. */
export const designSchema = z
  .object({
    pairwise: z.boolean().default(true),
    criteria: z.array(criterionSchema).max(10, "At most 10 criteria.").default([]),
    raters: z
      .number()
      .int("K must be a whole number.")
      .min(1, "K is at least 1.")
      .max(MAX_RATERS, `K is at most ${MAX_RATERS}.`)
      .default(3),
  })
  .strict()
  .refine((d) => d.pairwise || d.criteria.length > 0, { message: "Choose pairwise votes, criteria, or both.", path: ["pairwise"] })
  .refine((d) => new Set(d.criteria.map((c) => c.key)).size === d.criteria.length, {
    message: "Two criteria have the same key.",
    path: ["criteria"],
  });
export type Design = z.infer<typeof designSchema>;

export const sessionIdSchema = idSchema("session");

/** POST /api/v1/evals: a session with its prompt set (typed in, or parsed from a file first). */
export const createSessionSchema = z
  .object({
    name: z.string().trim().min(1, "Name the session.").max(120, "A session name is at most 120 characters."),
    instructions: z.string().max(10_000, "Instructions are at most 10,000 characters.").default(""),
    teamId: idSchema("team").nullable().optional(),
    models: z
      .array(z.string().min(1).max(300), { error: "Choose the candidate models." })
      .min(MIN_MODELS, `Choose at least ${MIN_MODELS} models.`)
      .max(MAX_MODELS, `Choose at most ${MAX_MODELS} models.`)
      .refine((m) => new Set(m).size === m.length, "A model is listed twice."),
    params: paramsSchema.default({}),
    design: designSchema.default({ pairwise: true, criteria: [], raters: 3 }),
    spendCapUsd: z.number().positive("The spend cap must be more than 0.").max(1_000_000).nullable().optional(),
    prompts: z
      .array(
        z
          .object({
            prompt: z
              .string()
              .refine((s) => s.trim().length > 0, "A prompt is empty.")
              .pipe(z.string().max(MAX_PROMPT_CHARS, `A prompt is longer than ${formatCount(MAX_PROMPT_CHARS)} characters.`)),
            system: z.string().max(MAX_PROMPT_CHARS).nullable().optional(),
            reference: z.string().max(MAX_PROMPT_CHARS).nullable().optional(),
            tags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
            gold: z.boolean().default(false),
          })
          .strict()
          .refine((p) => !p.gold || Boolean(p.reference?.trim()), {
            message: "A gold item needs a reference answer.",
            path: ["reference"],
          }),
      )
      .min(1, "Add at least one prompt.")
      .max(MAX_PROMPTS, `At most ${formatCount(MAX_PROMPTS)} prompts.`),
  })
  .strict();
export type CreateSessionInput = z.infer<typeof createSessionSchema>;
export type PromptInput = CreateSessionInput["prompts"][number];

/** EvalSession.models: the candidates as they were at creation. */
export type SessionModel = {
  id: string;
  label: string;
  provider: string;
  providerLabel: string;
  logicalModel: string;
  location: string | null;
  price: { input: number; cachedInput?: number; output: number; source: string } | null;
};

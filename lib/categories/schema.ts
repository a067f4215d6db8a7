// Tags and categories: what a tag is (a lowercase slug), the PUT body of the tags APIs and the
// `category=` query parameter of the leaderboard and evaluation results. No server code here, so
// pages and components may import it.
import { z } from "zod";

/** Tags computed from a prompt by lib/categories/rules.ts. */
export const RULE_TAGS = ["code", "math", "non-english", "long-prompt", "multi-turn"] as const;
export type RuleTag = (typeof RULE_TAGS)[number];
export const isRuleTag = (t: string): t is RuleTag => (RULE_TAGS as readonly string[]).includes(t);

export const MAX_TAG_CHARS = 32;
export const MAX_TAGS_PER_PROMPT = 10;
export const MAX_CATEGORIES = 5;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugMessage = `A tag is a lowercase slug: letters a-z, digits and single hyphens inside, at most ${MAX_TAG_CHARS} characters (e.g. "customer-support").`;

/** One tag as the category filter reads it (rule tags included). */
export const tagSchema = z.string({ error: slugMessage }).max(MAX_TAG_CHARS, slugMessage).regex(SLUG, slugMessage);

/** One of a person's own tags: a slug that is not a rule tag (those are computed, not given). */
export const ownTagSchema = tagSchema.refine((t) => !isRuleTag(t), {
  message: `That is a rule tag, computed from the prompt (${RULE_TAGS.join(", ")}): choose another name.`,
});

/** PUT /api/v1/comparisons/<id>/tags and /api/v1/evals/<id>/prompts/<index>/tags: the prompt's own tags, all of them. */
export const putTagsBodySchema = z
  .object({
    tags: z
      .array(ownTagSchema, { error: "tags must be a list of tags." })
      .max(MAX_TAGS_PER_PROMPT, `At most ${MAX_TAGS_PER_PROMPT} tags per prompt.`)
      .transform((tags) => [...new Set(tags)].sort()),
  })
  .strict();
export type PutTagsBody = z.infer<typeof putTagsBodySchema>;

/**
 * ?category=a,b (leaderboard, evaluation results): only votes / ratings on prompts that have EVERY
 * listed tag (own or rule). Malformed: 400 naming `category`.
 */
export const categoryQuerySchema = z
  .string()
  .transform((s) => [
    ...new Set(
      s
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string())
      .min(1, "category is empty.")
      // one message for the whole parameter, so the error's field is `category` (not `category.0`)
      .refine(
        (tags) => tags.every((t) => tagSchema.safeParse(t).success),
        `category must be a comma-separated list of tags. ${slugMessage}`,
      )
      .max(MAX_CATEGORIES, `category lists at most ${MAX_CATEGORIES} tags.`),
  )
  .optional();

/** A tag with how many votes (leaderboard) or prompts (results) carry it in the selection. */
export type CategoryCount = { tag: string; rule: boolean; count: number };

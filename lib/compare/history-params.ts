// The history page's query string (/history?q=&model=&from=&to=&team=&before=|after=), parsed
// field by field: a bad value is dropped with a note the page shows, never an error page. Pure
// and isomorphic: the filter bar builds its URLs with `historyHref`.
import { z } from "zod";
import { tagSchema } from "@/lib/categories/schema";
import { ID_PATTERN } from "@/lib/ids";
import { comparisonTeamFilterSchema } from "@/lib/teams/schema";

export const HISTORY_Q_MAX = 200;

/** A position in the history (newest first): the creation time and id of one row. */
export type HistoryCursor = { createdAt: Date; id: string };

export type HistoryFilters = {
  /** words searched in titles and prompts ("" = none) */
  q: string;
  /** a catalog model id; only comparisons with a pane of it (revealed ones) */
  model?: string;
  /** YYYY-MM-DD, UTC days, both included */
  from?: string;
  to?: string;
  /** a team id, or "personal" for the viewer's own outside any team */
  team?: string;
  /** a tag (own or rule): only comparisons with it (lib/categories) */
  tag?: string;
  /** the page of rows older than this one, or newer than this one (not both) */
  before?: HistoryCursor;
  after?: HistoryCursor;
};

export type HistoryNote = { field: keyof HistoryFilters; message: string };

export function formatCursor(c: HistoryCursor): string {
  return `${c.createdAt.getTime()}.${c.id}`;
}

const cursorSchema = z
  .string()
  .regex(/^\d{1,15}\.[A-Za-z0-9_-]{10,40}$/, "is not a page position of the history.")
  .transform((s, ctx): HistoryCursor => {
    const dot = s.indexOf(".");
    const createdAt = new Date(Number(s.slice(0, dot)));
    const id = s.slice(dot + 1);
    if (Number.isNaN(createdAt.getTime()) || !ID_PATTERN.test(id)) {
      ctx.addIssue({ code: "custom", message: "is not a page position of the history." });
      return z.NEVER;
    }
    return { createdAt, id };
  });

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-12-31.")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: "is not a real date.",
  });

const fieldSchemas = {
  q: z.string().max(HISTORY_Q_MAX, `is longer than ${HISTORY_Q_MAX} characters.`),
  model: z.string().regex(/^[A-Za-z0-9._:@/+-]{1,200}$/, "is not a model id."),
  from: dateSchema,
  to: dateSchema,
  team: comparisonTeamFilterSchema,
  tag: tagSchema,
  before: cursorSchema,
  after: cursorSchema,
} as const;

const LABELS: Record<keyof HistoryFilters, string> = {
  q: "Search",
  model: "Model",
  from: "From",
  to: "To",
  team: "Team",
  tag: "Tag",
  before: "Page",
  after: "Page",
};

/** Parses each field on its own; what does not parse is left out and explained in `notes`. */
export function parseHistoryParams(raw: Record<string, string | string[] | undefined>): {
  filters: HistoryFilters;
  notes: HistoryNote[];
} {
  const filters: HistoryFilters = { q: "" };
  const notes: HistoryNote[] = [];
  for (const field of Object.keys(fieldSchemas) as (keyof typeof fieldSchemas)[]) {
    const value = raw[field];
    if (value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      notes.push({ field, message: `${LABELS[field]} was given more than once; ignored.` });
      continue;
    }
    const parsed = fieldSchemas[field].safeParse(field === "q" ? value.trim() : value);
    if (!parsed.success) {
      const message = field === "team" ? 'must be one of your teams or "Just me".' : parsed.error.issues[0]!.message;
      notes.push({ field, message: `${LABELS[field]} ${message} Ignored.` });
      continue;
    }
    (filters as Record<string, unknown>)[field] = parsed.data;
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    notes.push({ field: "to", message: `To (${filters.to}) is before From (${filters.from}). Ignored.` });
    delete filters.to;
  }
  if (filters.before && filters.after) {
    notes.push({ field: "after", message: "A page cannot be both older and newer than a row; showing the older page." });
    delete filters.after;
  }
  return { filters, notes };
}

/** The /history URL for these filters (cursors left out unless given in `page`). */
export function historyHref(filters: Omit<HistoryFilters, "before" | "after">, page: { before?: string; after?: string } = {}): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.model) params.set("model", filters.model);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.team) params.set("team", filters.team);
  if (filters.tag) params.set("tag", filters.tag);
  if (page.before) params.set("before", page.before);
  if (page.after) params.set("after", page.after);
  const query = params.toString();
  return query ? `/history?${query}` : "/history";
}

/** The first instant of a UTC day and of the day after it. */
export function utcDayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
export function utcDayAfter(day: string): Date {
  return new Date(utcDayStart(day).getTime() + 86_400_000);
}

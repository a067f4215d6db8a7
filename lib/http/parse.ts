import type { z } from "zod";
import { AppError, fromZodError } from "@/lib/errors";

/** The value as the schema reads it, or a 400 naming the first bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * The query string as schema input, one value per name. A repeated name is a 400 (which value was
 * meant?), except names in `joined`, whose values are joined with commas (`?provider=a&provider=b`
 * is `provider=a,b`).
 */
export function singleValuedQuery(url: URL, { joined = [] }: { joined?: readonly string[] } = {}): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    if (values.length > 1 && !joined.includes(key)) throw new AppError("validation", `${key} is given more than once.`, key);
    input[key] = values.join(",");
  }
  return input;
}

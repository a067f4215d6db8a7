// Text PostgreSQL can store as it was sent. A `text` (or `jsonb`) value cannot hold U+0000, and a
// lone UTF-16 surrogate (half of an emoji, from a broken client) has no UTF-8 form: the driver
// would turn it into U+FFFD without a word. So:
//  - what people send (every string of a JSON body or server-action argument, keys included, the
//    query string, imported files) is refused with 400 naming the field when it holds either:
//    `assertSafeText`, run by readJson (lib/http/body.ts), `parse` (lib/actions/safe-action.ts) and
//    the route wrapper's query parsing, before any zod schema, so no field can forget it;
//  - what a model answers is never refused (it is paid for): `storableText` stores a NUL as U+2400
//    "␀" (SYMBOL FOR NULL, shown as such) and a lone surrogate as U+FFFD. The mapping is one-way
//    by design: an answer that holds a real U+2400 reads the same, which no reader can tell
//    apart; the alternative (an escape scheme) would have to be undone by every reader, export
//    and judge. Pure: no server-only import.
import { AppError } from "@/lib/errors";

export const NUL_SYMBOL = "\u2400";

// a NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with `text`, or null when PostgreSQL can store it as is. */
export function unsafeTextReason(text: string): "nul" | "surrogate" | null {
  const m = UNSAFE.exec(text);
  if (!m) return null;
  return m[0] === "\u0000" ? "nul" : "surrogate";
}

/** The path (`models.1.system`, `tools.0.name`) of the first string in `value` PostgreSQL cannot store, with why. */
export function findUnsafeText(value: unknown, path: (string | number)[] = []): { path: string; reason: "nul" | "surrogate" } | null {
  if (typeof value === "string") {
    const reason = unsafeTextReason(value);
    return reason ? { path: path.join("."), reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnsafeText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, v] of Object.entries(value)) {
      const keyReason = unsafeTextReason(key);
      if (keyReason) return { path: [...path, key].join("."), reason: keyReason };
      const found = findUnsafeText(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** 400 `validation` naming the field when any string of `value` holds a NUL or a lone surrogate. */
export function assertSafeText(value: unknown, root?: string): void {
  const found = findUnsafeText(value, root ? [root] : []);
  if (!found) return;
  const what = found.path ? `"${found.path}"` : "The request";
  const message =
    found.reason === "nul"
      ? `${what} contains a NUL character (U+0000), which cannot be stored. Remove it and send again.`
      : `${what} contains a broken character (a lone UTF-16 surrogate), which cannot be stored. Remove it and send again.`;
  throw new AppError("validation", message, found.path || undefined);
}

/** A model's text as PostgreSQL can hold it: NUL as "␀" (U+2400), a lone surrogate as U+FFFD. */
export function storableText(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replaceAll("\u0000", NUL_SYMBOL).toWellFormed();
}

/** The same for every string (and key) of a JSON value (tool calls, structured output: jsonb holds no NUL either). */
export function storableJson<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableJson) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)])) as T;
  return value;
}

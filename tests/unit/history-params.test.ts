import { describe, expect, it } from "vitest";
import { formatCursor, historyHref, parseHistoryParams } from "@/lib/compare/history-params";

describe("history query string", () => {
  it("keeps good values and drops bad ones with a note each", () => {
    const cursor = formatCursor({ createdAt: new Date("2026-12-01T10:00:00.123Z"), id: "abcdefghijklmnop" });
    const { filters, notes } = parseHistoryParams({
      q: "  slow start ",
      model: "openai:gpt-4o-mini",
      from: "2026-02-30",
      to: "yesterday",
      team: "personal",
      before: cursor,
    });
    expect(filters).toEqual({
      q: "slow start",
      model: "openai:gpt-4o-mini",
      team: "personal",
      before: { createdAt: new Date("2026-12-01T10:00:00.123Z"), id: "abcdefghijklmnop" },
    });
    expect(notes.map((n) => n.field)).toEqual(["from", "to"]);
    expect(notes[0]!.message).toBe("From is not a real date. Ignored.");
    expect(notes[1]!.message).toBe("To must be a date like 2026-12-31. Ignored.");
  });

  it("refuses a model with odd characters, a team that is no id, repeated fields, a bad cursor and an empty range", () => {
    const { filters, notes } = parseHistoryParams({
      model: "<script>",
      team: "x",
      q: ["a", "b"],
      after: "12.short",
      from: "2026-12-10",
      to: "2026-12-01",
    });
    expect(filters).toEqual({ q: "", from: "2026-12-10" });
    expect(notes.map((n) => n.field).sort()).toEqual(["after", "model", "q", "team", "to"]);
  });

  it("takes older over newer when both are given", () => {
    const a = formatCursor({ createdAt: new Date(1), id: "abcdefghijklmnop" });
    const { filters, notes } = parseHistoryParams({ before: a, after: a });
    expect(filters.before).toBeDefined();
    expect(filters.after).toBeUndefined();
    expect(notes).toHaveLength(1);
  });

  it("builds URLs with only what is set", () => {
    expect(historyHref({ q: "" })).toBe("/history");
    expect(historyHref({ q: " tcp ", team: "personal", from: "2026-12-01" }, { before: "1.abcdefghijklmnop" })).toBe(
      "/history?q=tcp&from=2026-12-01&team=personal&before=1.abcdefghijklmnop",
    );
  });
});

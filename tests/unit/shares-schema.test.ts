import { describe, expect, it } from "vitest";
import { createShareSchema, expiryFrom, exportFormatSchema, shareTokenSchema } from "@/lib/shares/schema";
import { newSecret } from "@/lib/auth/tokens";

describe("share link input", () => {
  const now = new Date("2030-01-01T00:00:00Z");

  it("takes no expiry, a number of days or a future date", () => {
    expect(expiryFrom(createShareSchema.parse({}), now)).toBeNull();
    expect(expiryFrom(createShareSchema.parse({ expiresInDays: 7 }), now)).toEqual(new Date("2030-01-08T00:00:00Z"));
    const at = new Date(Date.now() + 3600_000).toISOString();
    expect(expiryFrom(createShareSchema.parse({ expiresAt: at }), now)).toEqual(new Date(at));
    expect(createShareSchema.safeParse({ expiresAt: "2999-01-01T00:00:00+02:00" }).success).toBe(true);
  });

  it.each([
    [{ expiresInDays: 0 }, "expiresInDays"],
    [{ expiresInDays: 366 }, "expiresInDays"],
    [{ expiresInDays: 2.5 }, "expiresInDays"],
    [{ expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt"],
    [{ expiresAt: "tomorrow" }, "expiresAt"],
    [{ expiresInDays: 1, expiresAt: "2999-01-01T00:00:00Z" }, "expiresAt"],
  ])("rejects %j at %s", (input, field) => {
    const parsed = createShareSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path.join(".")).toBe(field);
  });

  it("rejects unknown fields", () => {
    expect(createShareSchema.safeParse({ token: "x" }).success).toBe(false);
  });

  it("accepts tokens shaped like newSecret() only", () => {
    expect(shareTokenSchema.safeParse(newSecret()).success).toBe(true);
    for (const bad of ["", "short", `${newSecret()}A`, newSecret("jx_"), "a/b".padEnd(43, "c")])
      expect(shareTokenSchema.safeParse(bad).success).toBe(false);
  });

  it("exports JSON by default, or Markdown", () => {
    expect(exportFormatSchema.parse(undefined)).toBe("json");
    expect(exportFormatSchema.parse("md")).toBe("md");
    expect(exportFormatSchema.safeParse("pdf").success).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { base64url, ID_PATTERN, idSchema, isId, newId } from "@/lib/ids";

describe("ids", () => {
  it("newId: 16 base64url characters that the one pattern accepts, never twice the same", () => {
    const ids = Array.from({ length: 1000 }, newId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(isId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("base64url writes what Buffer writes, for every length", () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    }
    expect(base64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe("-__-");
  });

  it("the pattern: base64url, 10 to 40 characters", () => {
    for (const ok of ["nope-nope-nope", "a".repeat(10), "A_b-9".repeat(8)]) expect(ID_PATTERN.test(ok)).toBe(true);
    for (const bad of ["", "short", "a".repeat(41), "has space!", "a/b/c/d/e/f", "abc.def.ghi"]) expect(isId(bad)).toBe(false);
  });

  it("idSchema names the id in its message", () => {
    const r = idSchema("team").safeParse("x");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Malformed team id.");
    expect(idSchema("team").parse("nope-nope-nope")).toBe("nope-nope-nope");
  });
});

// The Open Graph preview keeps only characters the font bundled in next/og can draw (anything else
// would make next/og download a font). The ranges are checked against the font file itself.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { excerpt, OG_FONT_RANGES, ogFontHas, ogText } from "@/lib/shares/og-text";

/** Code points with a glyph in a TrueType font (cmap formats 4 and 12). */
function cmapCodePoints(font: Buffer): Set<number> {
  const dv = new DataView(font.buffer, font.byteOffset, font.byteLength);
  let cmap = -1;
  for (let i = 0; i < dv.getUint16(4); i++) {
    const rec = 12 + i * 16;
    if (font.toString("latin1", rec, rec + 4) === "cmap") cmap = dv.getUint32(rec + 8);
  }
  const out = new Set<number>();
  for (let i = 0; i < dv.getUint16(cmap + 2); i++) {
    const sub = cmap + dv.getUint32(cmap + 4 + i * 8 + 4);
    const format = dv.getUint16(sub);
    if (format === 4) {
      const segX2 = dv.getUint16(sub + 6);
      const ends = sub + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const offsets = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const start = dv.getUint16(starts + s * 2);
        const end = dv.getUint16(ends + s * 2);
        const delta = dv.getInt16(deltas + s * 2);
        const ro = dv.getUint16(offsets + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph = ro === 0 ? (c + delta) & 0xffff : dv.getUint16(offsets + s * 2 + ro + (c - start) * 2);
          if (ro !== 0 && glyph) glyph = (glyph + delta) & 0xffff;
          if (glyph) out.add(c);
        }
      }
    } else if (format === 12) {
      for (let g = 0; g < dv.getUint32(sub + 12); g++) {
        for (let c = dv.getUint32(sub + 16 + g * 12); c <= dv.getUint32(sub + 20 + g * 12); c++) out.add(c);
      }
    }
  }
  return out;
}

describe("Open Graph text", () => {
  it("allows only code points the font bundled in next/og has", () => {
    const require = createRequire(import.meta.url);
    const fontPath = require.resolve("next/dist/compiled/@vercel/og/Geist-Regular.ttf");
    const covered = cmapCodePoints(readFileSync(fontPath));
    const missing: string[] = [];
    for (const [first, last] of OG_FONT_RANGES) for (let c = first; c <= last; c++) if (!covered.has(c)) missing.push(c.toString(16));
    expect(missing).toEqual([]);
    // the ranges are sorted (ogFontHas stops early)
    expect(OG_FONT_RANGES.every(([a, b], i) => a <= b && (i === 0 || a > OG_FONT_RANGES[i - 1]![1]))).toBe(true);
  });

  it("keeps Latin, Cyrillic and common punctuation; drops CJK, emoji and combining marks", () => {
    expect(ogText("Café — “naïve” façade… Привет", 100, "x")).toBe("Café — “naïve” façade… Привет");
    expect(ogFontHas("日".codePointAt(0)!)).toBe(false);
    expect(ogFontHas("🚀".codePointAt(0)!)).toBe(false);
    expect(ogText("Launch 🚀 now", 100, "x")).toBe("Launch now");
    expect(ogText("A café owner 🚀: a pitch in English and in 日本語, then why «naïve» pricing fails", 200, "x")).toBe(
      "A café owner: a pitch in English and in …, then why «naïve» pricing fails",
    );
    // NFC first: e + combining acute is drawn as é
    expect(ogText("Cafe\u0301", 100, "x")).toBe("Café");
  });

  it("falls back when most of the text cannot be drawn, and cuts long text with an ellipsis", () => {
    expect(ogText("日本語で説明してください", 100, "fallback")).toBe("fallback");
    expect(ogText("", 100, "fallback")).toBe("fallback");
    expect(ogText("a\n\n b\tc", 100, "x")).toBe("a b c");
    const cut = ogText("word ".repeat(100), 20, "x");
    expect([...cut]).toHaveLength(20);
    expect(cut.endsWith("…")).toBe(true);
    expect(excerpt("one\ntwo   three", 100)).toBe("one two three");
    expect(excerpt("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

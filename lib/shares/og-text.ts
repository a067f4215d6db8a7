// Text for the Open Graph image, limited to what its font can draw.
//
// `ImageResponse` (next/og) draws with the Geist Regular font bundled in Next. For any character
// that font lacks (CJK, emoji, most symbols), satori asks for an extra font or emoji image and
// next/og fetches one from Google Fonts or a CDN: a request off this machine on every preview.
// So the preview keeps only the characters the bundled font has (code point ranges below, read
// from its cmap table; tests/unit/shares-og-text.test.ts checks them against the font file) and
// says so when a prompt is mostly in another script.

const GEIST_RANGES =
  "20-7e a0-ac ae-113 116-12b 12e-137 139-13e 141-148 14a-14d 150-17e 18f 192 1a0-1a1 1af-1b0 1cd-1ce 1e4-1e9 218-21b 237 259 " +
  "2b9 2bc 2c6-2c8 2d8-2dd 39b 3a9 3bb-3bc 3c0 3c9 400-45f 462-463 46a-46b 472-475 490-493 496-497 49a-49b 4a2-4a3 4ae-4b3 " +
  "4b6-4b7 4ba-4bb 4c0 4cf 4d8-4d9 4e2-4e3 4e8-4e9 4ee-4ef e3f 1e20-1e21 1e80-1e85 1e9e 1ea0-1ef9 2013-2014 2018-201a " +
  "201c-201e 2020-2022 2026 2030 2032-2033 2039-203a 2044 2070 2074-2079 2080-2089 20aa 20ac 20b1 20b4 20b9 20bd 2116-2117 " +
  "2122 2153-2155 215b-215e 2190-2199 219d 21a9-21aa 21b0-21b1 21b3-21b5 21e4-21e5 21e7 2202 2206 220f 2211-2212 221a 221e " +
  "222b 2236 2248 2260 2264-2265 2460-2468 24ea 24ff 25b2-25b3 25b6-25b7 25bc-25bd 25c0-25c1 25ca-25cc 25cf 2639-263a 2776-277e";

/** [first, last] code point ranges the bundled font covers (combining marks left out on purpose). */
export const OG_FONT_RANGES: readonly (readonly [number, number])[] = GEIST_RANGES.split(" ").map((r) => {
  const [a, b] = r.split("-");
  return [parseInt(a!, 16), parseInt(b ?? a!, 16)] as const;
});

export function ogFontHas(codePoint: number): boolean {
  for (const [first, last] of OG_FONT_RANGES) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

/**
 * `text` on one line, cut to `max` characters, with characters the font lacks removed. When more
 * than a third of the visible characters had to go, `fallback` instead.
 */
export function ogText(text: string, max: number, fallback: string): string {
  const flat = text.normalize("NFC").replace(/\s+/g, " ").trim();
  let kept = "";
  let dropped = 0;
  let visible = 0;
  for (const ch of flat) {
    const cp = ch.codePointAt(0)!;
    if (ch !== " ") visible += 1;
    if (ogFontHas(cp)) kept += ch;
    else {
      dropped += 1;
      // words in another script leave a visible gap ("in …, then"); emoji and symbols just go
      if (/[\p{L}\p{N}]/u.test(ch) && !kept.endsWith("…")) kept += "…";
    }
  }
  if (visible > 0 && dropped * 3 > visible) return fallback;
  const clean = kept
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:!?])/g, "$1")
    .trim();
  if (!clean) return fallback;
  const chars = [...clean];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : clean;
}

/** `text` on one line, cut to `max` characters with an ellipsis (for meta descriptions). */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : flat;
}

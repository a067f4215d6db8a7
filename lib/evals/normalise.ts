// Blind rating: an answer's text with its reasoning removed and its formatting normalised, so a
// rater cannot tell the model or the cloud by output shape (one model's "* " bullets and setext
// headings, another's trailing spaces and triple blank lines). Pure; used on the server before
// an answer is sent to a rater.
//
// What changes, outside fenced code blocks (code is shown exactly as written):
// - `<reasoning>`, `<think>` and `<thinking>` blocks are removed (an unclosed one runs to the end);
// - line endings become \n, trailing spaces and tabs go, runs of 3+ line breaks become one blank line;
// - bullet markers `*`, `+`, `•`, `‣`, `◦`, `▪` become `-`; ordered markers `1)` become `1.`;
// - headings: setext (`Title` over `===` / `---`) becomes ATX, closing `#`s go, and levels are
//   shifted so the shallowest heading in the answer is `##` (relative structure kept);
// - thematic breaks (`***`, `___`, `- - -`) become `---`;
// - a blank line before and after every heading;
// - the whole text is trimmed.

const REASONING_BLOCK = /<(reasoning|think|thinking)>[\s\S]*?(?:<\/\1>|$)/gi;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^(\s*)[*+•‣◦▪](\s+)(?=\S)/;
const ORDERED = /^(\s*)(\d{1,9})\)(\s+)/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_H2 = /^ {0,3}-+[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TOP_LEVEL = 2;

/** Removes reasoning blocks a model wrote into its answer text. */
export function stripReasoning(text: string): string {
  return text.replace(REASONING_BLOCK, "");
}

type Line = { text: string; code: boolean };

/** Splits into lines, marking those inside fenced code blocks (fences included). */
function classify(text: string): Line[] {
  const out: Line[] = [];
  let fence: string | null = null;
  for (const line of text.split("\n")) {
    const m = FENCE.exec(line);
    if (fence === null) {
      if (m) {
        fence = m[1]!;
        out.push({ text: line.trimEnd(), code: true });
      } else out.push({ text: line, code: false });
    } else {
      out.push({ text: line, code: true });
      // a closing fence: the same character, at least as long, nothing after it
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
    }
  }
  return out;
}

/** A paragraph line that a setext underline could turn into a heading. */
function isParagraphText(line: string): boolean {
  const t = line.trim();
  return (
    t.length > 0 &&
    !ATX.test(line) &&
    !BULLET.test(line) &&
    !/^\s*-\s/.test(line) &&
    !ORDERED.test(line) &&
    !/^\s*\d+\.\s/.test(line) &&
    !/^\s*>/.test(line) &&
    !THEMATIC.test(line)
  );
}

export function normaliseAnswer(raw: string): string {
  const text = stripReasoning(raw.replace(/\r\n?/g, "\n"));
  const lines = classify(text);

  // 1. line by line: trailing spaces, bullets, ordered markers, setext -> ATX, thematic breaks
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.code) {
      out.push(line);
      continue;
    }
    let t = line.text.replace(/[ \t]+$/, "");
    const next = lines[i + 1];
    if (next && !next.code && isParagraphText(t) && (SETEXT_H1.test(next.text) || SETEXT_H2.test(next.text))) {
      // the heading is the whole paragraph above the underline (CommonMark), joined into one line
      const parts = [t.trim()];
      while (out.length && !out.at(-1)!.code && isParagraphText(out.at(-1)!.text)) parts.unshift(out.pop()!.text.trim());
      out.push({ text: `${SETEXT_H1.test(next.text) ? "#" : "##"} ${parts.join(" ")}`, code: false });
      i++;
      continue;
    }
    if (THEMATIC.test(t)) t = "---";
    else {
      t = t.replace(BULLET, "$1-$2").replace(ORDERED, "$1$2.$3");
      const h = ATX.exec(t);
      if (h) t = `${h[1]} ${(h[2] ?? "").trim()}`.trimEnd();
    }
    out.push({ text: t, code: false });
  }

  // 2. heading levels: the shallowest becomes ##, the others keep their distance from it
  const levels = out
    .filter((l) => !l.code)
    .map((l) => ATX.exec(l.text)?.[1]?.length ?? 0)
    .filter((n) => n > 0);
  if (levels.length > 0) {
    const shift = TOP_LEVEL - Math.min(...levels);
    for (const l of out) {
      if (l.code) continue;
      const h = ATX.exec(l.text);
      if (h) l.text = `${"#".repeat(Math.min(6, h[1]!.length + shift))}${h[2] ? ` ${h[2].trim()}` : ""}`;
    }
  }

  // 3. a blank line around every heading; blank-line runs outside code: at most one in a row
  const spaced: Line[] = [];
  for (const l of out) {
    const heading = !l.code && ATX.test(l.text);
    const prev = spaced.at(-1);
    if (prev && (heading || (!prev.code && ATX.test(prev.text))) && prev.text !== "" && l.text !== "")
      spaced.push({ text: "", code: false });
    spaced.push(l);
  }
  const kept: string[] = [];
  let blanks = 0;
  for (const l of spaced) {
    if (!l.code && l.text === "") {
      blanks++;
      if (blanks > 1) continue;
    } else blanks = 0;
    kept.push(l.text);
  }
  return kept.join("\n").trim();
}

/**
 * An answer's headings placed under a heading of level `under - 1` in a document (the Markdown
 * export: # title, ## prompt, ### model, then the answer's own from `under` down): the shallowest
 * heading becomes `under`, the others keep their distance from it (at most ######). Setext headings
 * (`Title` over `===` / `---`) become ATX at their shifted level. Nothing else changes; code blocks
 * are left exactly as written.
 */
export function shiftHeadings(text: string, under: number): string {
  const lines = classify(text.replace(/\r\n?/g, "\n"));
  type Out = Line & { level?: number; title?: string };
  const out: Out[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    const prev = out.at(-1);
    // a one-line paragraph over an underline (after a blank line or at the start)
    if (
      !line.code &&
      next &&
      !next.code &&
      isParagraphText(line.text) &&
      (SETEXT_H1.test(next.text) || SETEXT_H2.test(next.text)) &&
      (!prev || prev.text.trim() === "")
    ) {
      out.push({ text: line.text, code: false, level: SETEXT_H1.test(next.text) ? 1 : 2, title: line.text.trim() });
      i++;
      continue;
    }
    const h = line.code ? null : ATX.exec(line.text);
    out.push(h ? { ...line, level: h[1]!.length, title: (h[2] ?? "").trim() } : line);
  }
  const levels = out.filter((l) => l.level).map((l) => l.level!);
  if (levels.length === 0) return out.map((l) => l.text).join("\n");
  const shift = under - Math.min(...levels);
  return out
    .map((l) => (l.level ? `${"#".repeat(Math.max(1, Math.min(6, l.level + shift)))}${l.title ? ` ${l.title}` : ""}` : l.text))
    .join("\n");
}

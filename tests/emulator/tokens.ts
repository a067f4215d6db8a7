// A tiny "tokenizer" and the deterministic default answer.
//
// A token is a word-ish piece: a run of letters/digits/underscore or one other non-space
// character, together with the whitespace before it. Joining the tokens gives the text back
// exactly, so streamed deltas always concatenate to the scripted text.

const TOKEN_RE = /\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]|\s+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Default input token count: prompt characters / 4, at least 1. */
export function estimateInputTokens(promptChars: number): number {
  return Math.max(1, Math.ceil(promptChars / 4));
}

/** FNV-1a, for a stable number derived from the prompt and the answer's seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small seeded generator, so an answer is reproducible from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENINGS = [
  "Here is a short take on it.",
  "Good question; the short version first.",
  "A quick overview, then an example.",
  "In brief, it comes down to a few points.",
  "Let me break this down.",
  "There are a few ways to look at this.",
];
const POINTS = [
  "Start from the simplest case and grow from there",
  "Measure before you change anything",
  "Keep the interface small and the data plain",
  "Prefer one clear path over several clever ones",
  "Write the failure cases down first",
  "Name things after what they mean, not how they work",
  "Make the common case fast and the rare case correct",
  "Check the inputs at the edge, trust them inside",
  "Cache only what is expensive and stable",
  "Leave a test behind for every bug you fix",
];
const CLOSINGS = [
  "That covers the essentials.",
  "Happy to go deeper on any of these.",
  "Each point holds up in practice.",
  "Start with the first point; the rest follow.",
];

type Sample = (slug: string, n: number) => { lang: string; lines: string[] };
const SAMPLES: Sample[] = [
  (slug, n) => ({ lang: "ts", lines: [`const topic = "${slug}";`, `console.log(topic.length + ${n});`] }),
  (slug, n) => ({ lang: "python", lines: [`topic = "${slug}"`, `print(len(topic) * ${n})`] }),
  (slug, n) => ({ lang: "bash", lines: [`topic="${slug}"`, `echo "\${#topic} ${n}"`] }),
  (slug, n) => ({ lang: "sql", lines: [`SELECT '${slug}' AS topic,`, `       ${n} AS score;`] }),
];

/**
 * A markdown answer: a heading, a sentence or two, a short list and a fenced code block, in one of
 * several shapes picked from the prompt and `seed` (the emulator passes a per-request counter, so
 * two answers to the same prompt differ). It never names the model or the cloud, so blind
 * comparisons and blind rating stay blind in the demo. About 60-110 tokens.
 */
export function defaultAnswer(prompt: string, seed: number | string = 0): string {
  const flat = prompt.replace(/\s+/g, " ").trim();
  const words = flat
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
  const title = words.length > 0 ? words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(" ") : "Your question";
  const slug = words.join("-").toLowerCase() || "answer";
  const random = seeded(hash(`${flat}\u0000${seed}`));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const points = [...POINTS].sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 3));
  const sample = pick(SAMPLES)(slug, Math.floor(random() * 1000));
  const heading = pick([`## ${title}`, `### ${title}`, `## About: ${title}`]);
  const ordered = random() < 0.5;
  const list = points.map((p, i) => `${ordered ? `${i + 1}.` : "-"} ${random() < 0.3 ? `**${p}**` : p}`);
  const code = ["```" + sample.lang, ...sample.lines, "```"];
  const body = [pick(OPENINGS), "", ...list];
  const shapes = [
    [heading, "", ...body, "", ...code],
    [heading, "", ...code, "", ...body],
    [heading, "", ...body, "", ...code, "", pick(CLOSINGS)],
  ];
  return pick(shapes).join("\n");
}

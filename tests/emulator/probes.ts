// The emulator's probe solver: it answers the built-in scorecard probes (lib/scorecards/probes,
// issue 12) by working them out from the prompt text, as a model would: the app never sends an
// answer to a provider. It recognises the suite's task wordings (arithmetic, word problems, format
// rules, extraction, tool requests, a needle in a long document, parameter probes), computes the
// answer, and honours the request's parameters (max tokens through the normal plan, stop
// sequences, reasoning effort, temperature 0 and seed). A quirk profile (./quirks.ts) makes it
// misbehave on purpose, deterministically. Prompts it does not recognise get the usual answer.
import { type QuirkProfile, unit } from "./quirks";
import { isRecord } from "./util";

export type ProbeRequest = {
  /** the last user message (the probe's prompt) */
  prompt: string;
  /** tool names the request offers */
  tools: string[];
  temperature: number | null;
  seed: number | null;
  stop: string[];
  effort: "low" | "medium" | "high" | null;
  /** how many times this model saw this prompt before (0 the first time) */
  occurrence: number;
  model: string;
};

export type ProbeSolution = {
  family: "reasoning" | "instructions" | "structured" | "tools" | "long-context" | "parameters";
  /** the answer text (already cut at a stop sequence when one is honoured) */
  text?: string;
  toolCalls?: { name: string; arguments: string }[];
  /** reasoning text sized by the effort (set when the request asks for an effort) */
  reasoning?: string;
  /** whether the quirk made this answer wrong on purpose */
  wrong: boolean;
};

// ---------------------------------------------------------------------------------------------
// request reading (every protocol)

const SKIP_KEYS = new Set(["messages", "input", "contents", "system", "instructions", "tools", "toolConfig"]);

/** Finds the first value of any of `keys` in the request body (not inside messages or tools). */
function findKey(body: unknown, keys: string[], depth = 0): unknown {
  if (!isRecord(body) || depth > 4) return undefined;
  for (const k of keys) if (k in body && body[k] !== undefined && body[k] !== null) return body[k];
  for (const [k, v] of Object.entries(body)) {
    if (SKIP_KEYS.has(k)) continue;
    const found = findKey(v, keys, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function effortOf(body: Record<string, unknown>): ProbeRequest["effort"] {
  const named = findKey(body, ["reasoning_effort", "reasoningEffort", "maxReasoningEffort", "effort", "thinkingLevel"]);
  if (typeof named === "string") {
    const e = named.toLowerCase();
    if (e === "low" || e === "minimal") return "low";
    if (e === "medium") return "medium";
    if (e === "high") return "high";
  }
  const budget = findKey(body, ["budget_tokens", "budgetTokens", "thinkingBudget"]);
  if (typeof budget === "number" && budget > 0) return budget <= 1024 ? "low" : budget <= 8192 ? "medium" : "high";
  return null;
}

function toolNames(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const lists = [body.tools, isRecord(body.toolConfig) ? body.toolConfig.tools : undefined];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const t of list) {
      if (!isRecord(t)) continue;
      if (typeof t.name === "string") out.push(t.name);
      else if (isRecord(t.function) && typeof t.function.name === "string") out.push(t.function.name);
      else if (isRecord(t.toolSpec) && typeof t.toolSpec.name === "string") out.push(t.toolSpec.name);
      else if (Array.isArray(t.functionDeclarations))
        for (const f of t.functionDeclarations) if (isRecord(f) && typeof f.name === "string") out.push(f.name);
    }
  }
  return out;
}

/** The probe-relevant parameters of a request, in any protocol. */
export function readProbeRequest(body: Record<string, unknown>, prompt: string, model: string, occurrence: number): ProbeRequest {
  const temperature = findKey(body, ["temperature"]);
  const seed = findKey(body, ["seed"]);
  const stopRaw = findKey(body, ["stop", "stop_sequences", "stopSequences"]);
  const stop =
    typeof stopRaw === "string" ? [stopRaw] : Array.isArray(stopRaw) ? stopRaw.filter((s): s is string => typeof s === "string") : [];
  return {
    prompt,
    tools: toolNames(body),
    temperature: typeof temperature === "number" ? temperature : null,
    seed: typeof seed === "number" ? seed : null,
    stop,
    effort: effortOf(body),
    occurrence,
    model,
  };
}

// ---------------------------------------------------------------------------------------------
// solving

/** Evaluates + - * and parentheses over whole numbers. */
function evaluate(expression: string): number | null {
  const tokens = expression.match(/\d+|[-+*()]/g) ?? [];
  let i = 0;
  const primary = (): number => {
    const t = tokens[i++];
    if (t === "(") {
      const v = sum();
      i++;
      return v;
    }
    if (t === "-") return -primary();
    return Number(t);
  };
  const product = (): number => {
    let v = primary();
    while (tokens[i] === "*") {
      i++;
      v *= primary();
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[i] === "+" || tokens[i] === "-") {
      const op = tokens[i++];
      const r = product();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return Number.isFinite(v) ? v : null;
}

const num = (s: string | undefined) => Number(s);

/** The number a reasoning prompt asks for, or null when it is not one of the suite's problems. */
function solveReasoning(p: string): { answer: number; work: string } | null {
  let m = /Calculate the value of the expression ([\d\s()+\-*]+)\./.exec(p);
  if (m) {
    const v = evaluate(m[1]!);
    return v === null ? null : { answer: v, work: `${m[1]!.trim()} = ${v}` };
  }
  m = /buys (\d+) .+? at (\d+) dollars each and pays with a (\d+)-dollar note/.exec(p);
  if (m) {
    const cost = num(m[1]) * num(m[2]);
    return { answer: num(m[3]) - cost, work: `The items cost ${m[1]} × ${m[2]} = ${cost}; change is ${m[3]} - ${cost}.` };
  }
  m = /travels at (\d+) kilometres per hour for (\d+) hours, then at (\d+) kilometres per hour for (\d+) hours/.exec(p);
  if (m) {
    const d = num(m[1]) * num(m[2]) + num(m[3]) * num(m[4]);
    return { answer: d, work: `${m[1]} × ${m[2]} + ${m[3]} × ${m[4]} = ${d}` };
  }
  m = /has (\d+) marbles, gives (\d+) of them to a friend, then buys (\d+) bags of (\d+) marbles each/.exec(p);
  if (m) {
    const n = num(m[1]) - num(m[2]) + num(m[3]) * num(m[4]);
    return { answer: n, work: `${m[1]} - ${m[2]} + ${m[3]} × ${m[4]} = ${n}` };
  }
  m = /is (\d+) years old\. \w+ is (\d+) years older than \w+\. In (\d+) years/.exec(p);
  if (m) {
    const a = num(m[1]);
    const n = a + (a + num(m[2])) + 2 * num(m[3]);
    return { answer: n, work: `Now ${a} and ${a + num(m[2])}; in ${m[3]} years the sum is ${n}.` };
  }
  m = /(\d+) metres wide and (\d+) metres long\. Its length is extended by (\d+) metres/.exec(p);
  if (m) {
    const n = num(m[1]) * (num(m[2]) + num(m[3]));
    return { answer: n, work: `${m[1]} × (${m[2]} + ${m[3]}) = ${n}` };
  }
  m = /How many positive divisors does (\d+) have\?/.exec(p);
  if (m) {
    const n = num(m[1]);
    let count = 0;
    for (let d = 1; d <= n; d++) if (n % d === 0) count++;
    return { answer: count, work: `Counting the divisors of ${n}.` };
  }
  return null;
}

type Rule =
  | { rule: "bullets"; count: number }
  | { rule: "json-only" }
  | { rule: "max-words"; words: number }
  | { rule: "min-words"; words: number }
  | { rule: "forbidden-words"; words: string[] }
  | { rule: "starts-with"; text: string }
  | { rule: "ends-with"; text: string }
  | { rule: "all-lowercase" }
  | { rule: "all-uppercase" }
  | { rule: "paragraphs"; count: number };

function readRules(p: string): { topic: string; rules: Rule[] } | null {
  const head = /^Write about (.+?)\.\n\nFollow these rules exactly:\n/.exec(p);
  if (!head) return null;
  const rules: Rule[] = [];
  for (const line of p.slice(head[0].length).split("\n")) {
    const s = line.replace(/^\d+\.\s*/, "");
    let m: RegExpExecArray | null;
    if ((m = /^Answer with exactly (\d+) bullet points/.exec(s))) rules.push({ rule: "bullets", count: num(m[1]) });
    else if (s.startsWith("Reply with JSON only")) rules.push({ rule: "json-only" });
    else if ((m = /^Use at most (\d+) words/.exec(s))) rules.push({ rule: "max-words", words: num(m[1]) });
    else if ((m = /^Use at least (\d+) words/.exec(s))) rules.push({ rule: "min-words", words: num(m[1]) });
    else if (s.startsWith("Do not use the words"))
      rules.push({ rule: "forbidden-words", words: [...s.matchAll(/"([^"]+)"/g)].map((x) => x[1]!) });
    else if ((m = /^Begin your reply with the exact text "(.*)"\.$/.exec(s))) rules.push({ rule: "starts-with", text: m[1]! });
    else if ((m = /^End your reply with the exact text "(.*)"\.$/.exec(s))) rules.push({ rule: "ends-with", text: m[1]! });
    else if (s.startsWith("Write in lowercase letters only")) rules.push({ rule: "all-lowercase" });
    else if (s.startsWith("Write in capital letters only")) rules.push({ rule: "all-uppercase" });
    else if ((m = /^Write exactly (\d+) paragraphs/.exec(s))) rules.push({ rule: "paragraphs", count: num(m[1]) });
  }
  return { topic: head[1]!, rules };
}

const FILLER = [
  "it",
  "shows",
  "how",
  "small",
  "steps",
  "add",
  "up",
  "over",
  "time",
  "and",
  "why",
  "care",
  "matters",
  "here",
  "each",
  "day",
];

/** Text about `topic` that keeps the rules. `words` words of body unless a rule says otherwise. */
function followRules(topic: string, rules: Rule[]): string {
  const has = <K extends Rule["rule"]>(k: K) => rules.find((r) => r.rule === k) as Extract<Rule, { rule: K }> | undefined;
  const forbidden = new Set((has("forbidden-words")?.words ?? []).map((w) => w.toLowerCase()));
  const vocab = [...topic.split(/\s+/), ...FILLER].filter((w) => !forbidden.has(w.toLowerCase()));
  const sentence = (n: number, offset = 0) => {
    const ws = Array.from({ length: n }, (_, i) => vocab[(i + offset) % vocab.length]!);
    ws[0] = ws[0]!.charAt(0).toUpperCase() + ws[0]!.slice(1);
    return `${ws.join(" ")}.`;
  };
  if (has("json-only")) return JSON.stringify({ topic, summary: sentence(8) });
  const max = has("max-words")?.words;
  const min = has("min-words")?.words;
  const start = has("starts-with")?.text;
  const end = has("ends-with")?.text;
  const bullets = has("bullets");
  const paragraphs = has("paragraphs");
  let body: string;
  if (bullets) body = Array.from({ length: bullets.count }, (_, i) => `- ${sentence(6, i)}`).join("\n");
  else if (paragraphs) body = Array.from({ length: paragraphs.count }, (_, i) => sentence(12, i)).join("\n\n");
  else {
    const extra = (start ? start.split(/\s+/).length : 0) + (end ? end.split(/\s+/).length : 0);
    const target = min ? min + 5 : max ? Math.max(3, Math.min(20, max - extra - 2)) : 20;
    body = sentence(Math.max(3, target));
  }
  let text = [start, body, end].filter(Boolean).join(start || end ? " " : "");
  if (start && (bullets || paragraphs)) text = `${start}\n${body}${end ? `\n${end}` : ""}`;
  if (has("all-lowercase")) text = text.toLowerCase();
  if (has("all-uppercase")) text = text.toUpperCase();
  return text;
}

/** Breaks the first rule on purpose (a wrong answer of the quirk). */
function breakRules(topic: string, rules: Rule[]): string {
  const first = rules[0]!;
  const rest = rules.slice(1);
  switch (first.rule) {
    case "bullets":
      return followRules(topic, [{ rule: "bullets", count: first.count + 1 }, ...rest]);
    case "json-only":
      return `Sure, here it is: ${followRules(topic, rules)}`;
    case "max-words":
      return followRules(topic, [{ rule: "min-words", words: first.words + 10 }]);
    case "min-words":
      return followRules(topic, [{ rule: "max-words", words: 8 }]);
    case "forbidden-words":
      return `${followRules(topic, rest)} ${first.words[0]}`;
    case "starts-with":
      return `Well. ${followRules(topic, rules)}`;
    case "ends-with":
      return `${followRules(topic, rules)} Bye`;
    case "all-lowercase":
      return `Note: ${followRules(topic, rules)}`;
    case "all-uppercase":
      return `note: ${followRules(topic, rules)}`;
    case "paragraphs":
      return followRules(topic, [{ rule: "paragraphs", count: first.count + 1 }]);
  }
}

/** Fields extracted from a structured probe's text, in the order the prompt names them. */
function solveExtraction(p: string): Record<string, unknown> | null {
  const text = /\n\nText: ([\s\S]*)$/.exec(p)?.[1];
  if (!text || !p.startsWith("Extract ")) return null;
  let m = /^(.+?) is (\d+) years old and lives in (.+?)\. You can reach them at (\S+?)\.$/.exec(text);
  if (m) return { name: m[1], age: num(m[2]), city: m[3], email: m[4] };
  m = /^Order note: (\d+) units of (.+?) at ([\d.]+) dollars per unit were shipped to (.+?)\.$/.exec(text);
  if (m) return { product: m[2], quantity: num(m[1]), unitPrice: num(m[3]), destination: m[4] };
  m = /^The meeting "(.+?)" takes place on (\d{4}-\d{2}-\d{2}) and (\d+) people have signed up/.exec(text);
  if (m) return { title: m[1], date: m[2], attendees: num(m[3]) };
  m = /^Numbers: ([\d, ]+)\.$/.exec(text);
  if (m) {
    const isPrime = (n: number) => {
      if (n < 2) return false;
      for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
      return true;
    };
    const primes = m[1]!
      .split(",")
      .map((s) => Number(s.trim()))
      .filter(isPrime)
      .sort((a, b) => a - b);
    return { primes, count: primes.length };
  }
  return null;
}

/** The tool call a tool probe asks for. */
function solveTool(p: string): { name: string; args: Record<string, unknown> } | null {
  if (!p.endsWith("Use the tool you have for this.")) return null;
  let m = /^What is the weather in (.+?) right now, in degrees (celsius|fahrenheit)\?/.exec(p);
  if (m) return { name: "get_weather", args: { city: m[1], unit: m[2] } };
  m = /^Convert (\d+(?:\.\d+)?) ([A-Z]{3}) to ([A-Z]{3})\./.exec(p);
  if (m) return { name: "convert_currency", args: { amount: num(m[1]), from: m[2], to: m[3] } };
  m = /^Find flights from (.+?) to (.+?) on (\d{4}-\d{2}-\d{2})\./.exec(p);
  if (m) return { name: "search_flights", args: { origin: m[1], destination: m[2], date: m[3] } };
  m = /^Put a meeting called "(.+?)" on my calendar for (\d{4}-\d{2}-\d{2}), lasting (\d+) minutes\./.exec(p);
  if (m) return { name: "create_event", args: { title: m[1], date: m[2], durationMinutes: num(m[3]) } };
  m = /ticker symbol ([A-Z]{1,5})\?/.exec(p);
  if (m) return { name: "get_stock_price", args: { symbol: m[1] } };
  m = /^Send an email to (\S+) with the subject "(.+?)"\./.exec(p);
  if (m) return { name: "send_email", args: { to: m[1], subject: m[2] } };
  return null;
}

/** Makes arguments wrong on purpose: the first value changed. */
function wrongArgs(args: Record<string, unknown>): Record<string, unknown> {
  const [k, v] = Object.entries(args)[0]!;
  return { ...args, [k]: typeof v === "number" ? v + 1 : k === "unit" ? (v === "celsius" ? "fahrenheit" : "celsius") : `${String(v)}x` };
}

const NEEDLE_QUESTION = /Question: What is the access code for the (.+?) archive\? Reply with the code only\.$/;

function solveNeedle(p: string, contextLimitTokens: number | undefined): { found: string | null } | null {
  const q = NEEDLE_QUESTION.exec(p);
  if (!q) return null;
  // silent truncation keeps the end of the prompt (as servers that drop the oldest tokens do)
  const seen = contextLimitTokens && p.length > contextLimitTokens * 4 ? p.slice(p.length - contextLimitTokens * 4) : p;
  const escaped = q[1]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`The access code for the ${escaped} archive is (\\S+?)\\.`).exec(seen);
  return { found: m ? m[1]! : null };
}

const DESCRIBE = /^Write one sentence that describes (.+)\.$/;
const COPY_LINES = /^Copy the following lines exactly, one per line, and nothing else:\n([\s\S]+)$/;
const LONG_STORY = /^Write a long, detailed story about (.+), at least (\d+) words\.$/;

const ADJ = ["calm", "bright", "quiet", "busy", "golden", "misty", "warm", "steady", "gentle", "lively"];
const VERBS = ["glows", "hums", "waits", "shines", "stirs", "rests", "moves", "breathes"];

function reasoningText(effort: ProbeRequest["effort"], q: QuirkProfile | undefined): string | undefined {
  if (!effort) return undefined;
  const sizes = { low: 3, medium: 10, high: 30 };
  const n = q?.ignoreReasoningEffort ? sizes.medium : sizes[effort];
  return Array.from({ length: n }, (_, i) => `Step ${i + 1}: check the work so far and refine it.`).join(" ");
}

/** Cut at the first stop sequence (unless the quirk ignores them). */
function applyStop(text: string, stop: string[], q: QuirkProfile | undefined): string {
  if (q?.ignoreStopSequences || stop.length === 0) return text;
  let cut = text.length;
  for (const s of stop) {
    const i = text.indexOf(s);
    if (i >= 0 && i < cut) cut = i;
  }
  return text.slice(0, cut);
}

/**
 * Solves a built-in probe, or returns null for any other prompt. `q` is the deployment's quirk
 * profile; its decisions come from a hash of (seed, model, prompt, occurrence).
 */
export function solveProbe(r: ProbeRequest, q: QuirkProfile | undefined): ProbeSolution | null {
  const p = r.prompt.trim();
  const seed = q?.seed ?? 1;
  const draw = (what: string) => unit(seed, r.model, what, p, r.occurrence);
  const wrong = (q?.wrongRate ?? 0) > 0 && draw("wrong") < q!.wrongRate!;
  const reasoning = reasoningText(r.effort, q);
  const done = (s: Omit<ProbeSolution, "reasoning" | "wrong">, isWrong = false): ProbeSolution => ({
    ...s,
    ...(s.text !== undefined ? { text: applyStop(s.text, r.stop, q) } : {}),
    ...(reasoning ? { reasoning } : {}),
    wrong: isWrong,
  });

  // parameters
  const describe = DESCRIBE.exec(p);
  if (describe) {
    const deterministic = !q?.nondeterministic && (r.temperature === 0 || r.seed !== null);
    const pick = deterministic ? unit("describe", p, r.seed ?? "t0") : unit("describe", p, seed, r.model, r.occurrence);
    const k = Math.floor(pick * 1_000_000);
    const text = `${describe[1]!.charAt(0).toUpperCase()}${describe[1]!.slice(1)} ${VERBS[k % VERBS.length]} in the ${ADJ[(k >> 4) % ADJ.length]} light (${k}).`;
    return done({ family: "parameters", text });
  }
  const copy = COPY_LINES.exec(p);
  if (copy) return done({ family: "parameters", text: copy[1]!.trim() });
  const story = LONG_STORY.exec(p);
  if (story) {
    const words = Number(story[2]);
    const text = Array.from({ length: Math.ceil(words / 8) }, (_, i) => `Chapter line ${i + 1} tells of ${story[1]} once more.`).join(" ");
    return done({ family: "parameters", text });
  }

  // reasoning (the divisor question of the reasoning-effort probes included)
  const solved = solveReasoning(p);
  if (solved) {
    const family = /positive divisors/.test(p) ? "parameters" : "reasoning";
    const isWrong = family === "reasoning" && wrong;
    const answer = isWrong ? solved.answer + 1 + Math.floor(draw("offset") * 9) : solved.answer;
    return done({ family, text: `${solved.work}\n\nAnswer: ${answer}` }, isWrong);
  }

  const rules = readRules(p);
  if (rules && rules.rules.length > 0) {
    return done(
      { family: "instructions", text: wrong ? breakRules(rules.topic, rules.rules) : followRules(rules.topic, rules.rules) },
      wrong,
    );
  }

  const extracted = solveExtraction(p);
  if (extracted) {
    let value = extracted;
    if (wrong) {
      const [k, v] = Object.entries(extracted)[0]!;
      value = { ...extracted, [k]: Array.isArray(v) ? [...(v as number[]), 1] : typeof v === "number" ? v + 1 : `${String(v)} Jr` };
    }
    return done({ family: "structured", text: JSON.stringify(value) }, wrong);
  }

  const call = solveTool(p);
  if (call) {
    const name = r.tools.includes(call.name) ? call.name : (r.tools[0] ?? call.name);
    const broken = (q?.brokenToolJsonRate ?? 0) > 0 && draw("broken-json") < q!.brokenToolJsonRate!;
    const args = JSON.stringify(wrong ? wrongArgs(call.args) : call.args);
    return done({ family: "tools", toolCalls: [{ name, arguments: broken ? args.slice(0, -1) : args }] }, wrong || broken);
  }

  const needle = solveNeedle(p, q?.contextLimitTokens);
  if (needle) {
    if (!needle.found)
      return done({ family: "long-context", text: "I could not find an access code for that archive in the document." }, true);
    const code = wrong ? needle.found.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) : needle.found;
    return done({ family: "long-context", text: code }, wrong);
  }
  return null;
}

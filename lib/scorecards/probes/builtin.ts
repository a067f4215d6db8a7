// The built-in probe suite (issue 12): about 150 items in six families, generated from seeds by
// ./prng.ts, so every call builds the same items (no downloads; the version changes whenever the
// generated items would). Every item is checked by code (./check.ts). Prompts state the task in
// plain words and never carry the expected answer: a model (or the emulator in tests/emulator,
// which solves them from the prompt text) has to work it out.
import type { JsonValue, ToolDef } from "@/lib/compare/tools-schema";
import type { FormatRule, ProbeItem, ProbeSuite } from "../types";
import { rng, type Rng } from "./prng";

export const BUILTIN_SUITE_VERSION = "builtin@1";

/** Items per family (150 in all). */
export const BUILTIN_FAMILY_SIZES = {
  reasoning: 40,
  instructions: 30,
  structured: 20,
  tools: 30,
  "long-context": 18,
  parameters: 12,
} as const;

/** Long-context inputs: approximate prompt sizes in tokens, and the needle depths. */
export const LONG_CONTEXT_SIZES = [8_000, 32_000, 100_000] as const;
export const NEEDLE_DEPTHS = [0.1, 0.5, 0.9] as const;

/** Characters per token used for sizes (the usual English estimate; the emulator counts the same). */
export const CHARS_PER_TOKEN = 4;

const ANSWER_LINE = 'Work it out, then end your reply with a line of the form "Answer: <number>".';

let cached: ProbeSuite | null = null;

/** The built-in suite (built once per process; the same items on every call). Treat it as read-only. */
export function builtinSuite(): ProbeSuite {
  cached ??= generateBuiltinSuite();
  return cached;
}

/** Generates the suite from its seeds (uncached: the same items every time). */
export function generateBuiltinSuite(): ProbeSuite {
  return {
    id: "builtin",
    name: "Built-in probes",
    version: BUILTIN_SUITE_VERSION,
    items: [...reasoningItems(), ...instructionItems(), ...structuredItems(), ...toolItems(), ...longContextItems(), ...parameterItems()],
  };
}

const pad = (n: number) => String(n).padStart(3, "0");

// ---------------------------------------------------------------------------------------------
// 1. Reasoning: arithmetic and word problems

const NAMES = ["Maya", "Tomas", "Priya", "Jonah", "Amara", "Lukas", "Sofia", "Kenji", "Nadia", "Omar", "Elena", "Ravi"];
const GOODS = ["pencils", "notebooks", "apples", "candles", "stamps", "postcards", "batteries", "mugs"];

/** Evaluates + - * and parentheses over whole numbers (the generator's own expressions only). */
export function evaluateArithmetic(expression: string): number {
  const tokens = expression.match(/\d+|[-+*()]/g) ?? [];
  let i = 0;
  const primary = (): number => {
    const t = tokens[i++];
    if (t === "(") {
      const v = sum();
      i++; // ")"
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
  return sum();
}

function arithmeticExpression(r: Rng): string {
  const n = () => r.int(2, 99);
  const small = () => r.int(2, 19);
  const shapes = [
    () => `${n()} * ${small()} - ${n()} + ${n()}`,
    () => `(${n()} + ${n()}) * ${small()} - ${n()}`,
    () => `${n()} + ${n()} * ${small()} - ${small()} * ${small()}`,
    () => `(${n()} - ${small()}) * (${small()} + ${small()})`,
    () => `${n()} * ${n()} - (${n()} + ${n()}) * ${small()}`,
  ];
  return r.pick(shapes)();
}

type WordProblem = { prompt: string; answer: number };

const wordProblems: ((r: Rng) => WordProblem)[] = [
  (r) => {
    const name = r.pick(NAMES);
    const goods = r.pick(GOODS);
    const count = r.int(3, 12);
    const price = r.int(2, 9);
    const note = [50, 100, 200].find((v) => v > count * price)!;
    return {
      prompt: `${name} buys ${count} ${goods} at ${price} dollars each and pays with a ${note}-dollar note. How many dollars of change does ${name} get?`,
      answer: note - count * price,
    };
  },
  (r) => {
    const v = r.int(6, 18) * 10;
    const h = r.int(2, 5);
    const w = r.int(4, 12) * 10;
    const k = r.int(1, 4);
    return {
      prompt: `A train travels at ${v} kilometres per hour for ${h} hours, then at ${w} kilometres per hour for ${k} hours. How many kilometres does it travel in total?`,
      answer: v * h + w * k,
    };
  },
  (r) => {
    const name = r.pick(NAMES);
    const a = r.int(20, 60);
    const b = r.int(3, 15);
    const c = r.int(2, 6);
    const d = r.int(4, 12);
    return {
      prompt: `${name} has ${a} marbles, gives ${b} of them to a friend, then buys ${c} bags of ${d} marbles each. How many marbles does ${name} have now?`,
      answer: a - b + c * d,
    };
  },
  (r) => {
    const [first, second] = r.sample(NAMES, 2) as [string, string];
    const a = r.int(8, 40);
    const b = r.int(2, 25);
    const c = r.int(2, 15);
    return {
      prompt: `${first} is ${a} years old. ${second} is ${b} years older than ${first}. In ${c} years, what will the sum of their two ages be?`,
      answer: a + (a + b) + 2 * c,
    };
  },
  (r) => {
    const w = r.int(3, 20);
    const l = r.int(5, 30);
    const x = r.int(2, 10);
    return {
      prompt: `A rectangular garden is ${w} metres wide and ${l} metres long. Its length is extended by ${x} metres and its width stays the same. What is the new area in square metres?`,
      answer: w * (l + x),
    };
  },
];

function reasoningItems(): ProbeItem[] {
  const items: ProbeItem[] = [];
  const r = rng("builtin@1/reasoning/arith");
  for (let i = 0; i < 20; i++) {
    const expression = arithmeticExpression(r);
    items.push({
      key: `reasoning/arith-${pad(i + 1)}`,
      family: "reasoning",
      prompt: `Calculate the value of the expression ${expression}.\n\n${ANSWER_LINE}`,
      checker: { kind: "numeric", expected: evaluateArithmetic(expression), tolerance: 0 },
      meta: { kind: "arithmetic" },
    });
  }
  const w = rng("builtin@1/reasoning/word");
  for (let i = 0; i < 20; i++) {
    const problem = wordProblems[i % wordProblems.length]!(w);
    items.push({
      key: `reasoning/word-${pad(i + 1)}`,
      family: "reasoning",
      prompt: `${problem.prompt}\n\n${ANSWER_LINE}`,
      checker: { kind: "numeric", expected: problem.answer, tolerance: 0 },
      meta: { kind: "word-problem" },
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// 2. Instruction following: format rules a program can check

const TOPICS = [
  "the water cycle",
  "how bees make honey",
  "why the sky is blue",
  "the history of the bicycle",
  "how a compass works",
  "growing tomatoes on a balcony",
  "the life of a lighthouse keeper",
  "how bread rises",
  "the planets of the solar system",
  "recycling paper",
  "how trains run on time",
  "the first day at a new job",
];
const FORBIDDEN_POOL = ["very", "really", "important", "thing", "good", "great", "many", "also", "just", "simple"];
const OPENERS = ["Here is my answer:", "In short:", "Summary:", "Dear reader,", "Overview:"];
const CLOSERS = ["That is all.", "The end.", "Thank you for reading.", "End of answer.", "Done."];

/** How each rule is worded in a prompt (the emulator's solver reads these sentences). */
export function ruleSentence(rule: FormatRule): string {
  switch (rule.rule) {
    case "bullets":
      return `Answer with exactly ${rule.count} bullet points, each on its own line starting with "- ", and no other text.`;
    case "json-only":
      return "Reply with JSON only: one JSON object, with no code fences and no other text.";
    case "max-words":
      return `Use at most ${rule.words} words.`;
    case "min-words":
      return `Use at least ${rule.words} words.`;
    case "forbidden-words":
      return `Do not use the words ${rule.words.map((w) => `"${w}"`).join(", ")} anywhere.`;
    case "starts-with":
      return `Begin your reply with the exact text "${rule.text}".`;
    case "ends-with":
      return `End your reply with the exact text "${rule.text}".`;
    case "all-lowercase":
      return "Write in lowercase letters only (no capital letters at all).";
    case "all-uppercase":
      return "Write in capital letters only (no lowercase letters at all).";
    case "paragraphs":
      return `Write exactly ${rule.count} paragraphs, separated by blank lines.`;
  }
}

const instructionShapes: ((r: Rng) => FormatRule[])[] = [
  (r) => [{ rule: "bullets", count: r.int(3, 6) }],
  (r) => [
    { rule: "bullets", count: r.int(2, 5) },
    { rule: "forbidden-words", words: r.sample(FORBIDDEN_POOL, 2) },
  ],
  () => [{ rule: "json-only" }],
  (r) => [
    { rule: "max-words", words: r.int(3, 8) * 5 },
    { rule: "starts-with", text: r.pick(OPENERS) },
  ],
  (r) => [
    { rule: "min-words", words: r.int(6, 12) * 10 },
    { rule: "forbidden-words", words: r.sample(FORBIDDEN_POOL, 3) },
  ],
  (r) => [{ rule: "ends-with", text: r.pick(CLOSERS) }],
  (r) => [{ rule: "all-lowercase" }, { rule: "max-words", words: r.int(4, 10) * 5 }],
  (r) => [{ rule: "all-uppercase" }, { rule: "max-words", words: r.int(4, 10) * 5 }],
  (r) => [{ rule: "paragraphs", count: r.int(2, 4) }],
  (r) => [
    { rule: "starts-with", text: r.pick(OPENERS) },
    { rule: "ends-with", text: r.pick(CLOSERS) },
  ],
];

function instructionItems(): ProbeItem[] {
  const r = rng("builtin@1/instructions");
  return Array.from({ length: BUILTIN_FAMILY_SIZES.instructions }, (_, i) => {
    const rules = instructionShapes[i % instructionShapes.length]!(r);
    const topic = r.pick(TOPICS);
    const list = rules.map((rule, k) => `${k + 1}. ${ruleSentence(rule)}`).join("\n");
    return {
      key: `instructions/format-${pad(i + 1)}`,
      family: "instructions" as const,
      prompt: `Write about ${topic}.\n\nFollow these rules exactly:\n${list}`,
      checker: { kind: "format" as const, rules },
      meta: { rules: rules.map((x) => x.rule) },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Structured output: extract fields from a text into JSON matching a schema

const FIRST = ["Dana", "Marco", "Ingrid", "Tariq", "Lucia", "Felix", "Hana", "Bruno", "Alma", "Viktor"];
const LAST = ["Whitfield", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brandt", "Sato", "Novak", "Reyes", "Holm"];
const CITIES = ["Lisbon", "Oslo", "Nairobi", "Montreal", "Kyoto", "Valparaiso", "Tallinn", "Porto", "Adelaide", "Bergen"];
const PRODUCTS = ["green tea", "olive oil", "rye flour", "coffee beans", "honey jars", "wool socks", "paper lanterns"];
const EVENTS = ["Harbour Planning", "Spring Review", "Design Sprint", "Budget Kickoff", "Quarterly Demo", "Team Retreat"];

const str = { type: "string" } as const;
const int = { type: "integer" } as const;

type Extraction = { what: string; text: string; schema: Record<string, JsonValue>; expected: Record<string, JsonValue> };

const isoDate = (r: Rng) => `2026-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;

const extractions: ((r: Rng) => Extraction)[] = [
  (r) => {
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const age = r.int(19, 78);
    const city = r.pick(CITIES);
    const email = `${first}.${last}@example.org`.toLowerCase();
    return {
      what: "the person's details",
      text: `${first} ${last} is ${age} years old and lives in ${city}. You can reach them at ${email}.`,
      schema: {
        type: "object",
        properties: { name: str, age: int, city: str, email: { type: "string", format: "email" } },
        required: ["name", "age", "city", "email"],
        additionalProperties: false,
      },
      expected: { name: `${first} ${last}`, age, city, email },
    };
  },
  (r) => {
    const quantity = r.int(2, 40);
    const product = r.pick(PRODUCTS);
    const price = r.int(150, 2500) / 100;
    const city = r.pick(CITIES);
    return {
      what: "the order",
      text: `Order note: ${quantity} units of ${product} at ${price.toFixed(2)} dollars per unit were shipped to ${city}.`,
      schema: {
        type: "object",
        properties: { product: str, quantity: int, unitPrice: { type: "number" }, destination: str },
        required: ["product", "quantity", "unitPrice", "destination"],
        additionalProperties: false,
      },
      expected: { product, quantity, unitPrice: price, destination: city },
    };
  },
  (r) => {
    const title = r.pick(EVENTS);
    const date = isoDate(r);
    const attendees = r.int(3, 120);
    return {
      what: "the event",
      text: `The meeting "${title}" takes place on ${date} and ${attendees} people have signed up to attend.`,
      schema: {
        type: "object",
        properties: { title: str, date: { type: "string", format: "date" }, attendees: int },
        required: ["title", "date", "attendees"],
        additionalProperties: false,
      },
      expected: { title, date, attendees },
    };
  },
  (r) => {
    const numbers = r.sample(
      Array.from({ length: 60 }, (_, i) => i + 2),
      7,
    );
    const isPrime = (n: number) => n > 1 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d !== 0);
    const primes = numbers.filter(isPrime).sort((a, b) => a - b);
    return {
      what: "the prime numbers among the numbers listed (in increasing order) and how many there are",
      text: `Numbers: ${numbers.join(", ")}.`,
      schema: {
        type: "object",
        properties: { primes: { type: "array", items: int }, count: int },
        required: ["primes", "count"],
        additionalProperties: false,
      },
      expected: { primes, count: primes.length },
    };
  },
];

function structuredItems(): ProbeItem[] {
  const r = rng("builtin@1/structured");
  return Array.from({ length: BUILTIN_FAMILY_SIZES.structured }, (_, i) => {
    const x = extractions[i % extractions.length]!(r);
    const fields = Object.keys((x.schema.properties ?? {}) as Record<string, JsonValue>).join(", ");
    return {
      key: `structured/extract-${pad(i + 1)}`,
      family: "structured" as const,
      prompt: `Extract ${x.what} from the text below as a JSON object with the fields ${fields}. Reply with the JSON object only.\n\nText: ${x.text}`,
      responseSchema: x.schema,
      checker: { kind: "json-schema" as const, schema: x.schema, expected: x.expected },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Tool calling

const USE_TOOL = "Use the tool you have for this.";

/** The tools the tool items offer (three per item: the right one and two others). */
export const PROBE_TOOLS: ToolDef[] = [
  {
    name: "get_weather",
    description: "Current weather in a city.",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
  {
    name: "convert_currency",
    description: "Convert an amount of money from one currency to another (ISO 4217 codes).",
    parameters: {
      type: "object",
      properties: {
        amount: { type: "number" },
        from: { type: "string", pattern: "^[A-Z]{3}$" },
        to: { type: "string", pattern: "^[A-Z]{3}$" },
      },
      required: ["amount", "from", "to"],
      additionalProperties: false,
    },
  },
  {
    name: "search_flights",
    description: "Search flights between two cities on a date (YYYY-MM-DD).",
    parameters: {
      type: "object",
      properties: { origin: { type: "string" }, destination: { type: "string" }, date: { type: "string", format: "date" } },
      required: ["origin", "destination", "date"],
      additionalProperties: false,
    },
  },
  {
    name: "create_event",
    description: "Create a calendar event.",
    parameters: {
      type: "object",
      properties: {
        title: { type: "string" },
        date: { type: "string", format: "date" },
        durationMinutes: { type: "integer", minimum: 1 },
      },
      required: ["title", "date", "durationMinutes"],
      additionalProperties: false,
    },
  },
  {
    name: "get_stock_price",
    description: "The latest share price for a ticker symbol.",
    parameters: {
      type: "object",
      properties: { symbol: { type: "string", pattern: "^[A-Z]{1,5}$" } },
      required: ["symbol"],
      additionalProperties: false,
    },
  },
  {
    name: "send_email",
    description: "Send an email.",
    parameters: {
      type: "object",
      properties: { to: { type: "string", format: "email" }, subject: { type: "string" } },
      required: ["to", "subject"],
      additionalProperties: false,
    },
  },
];

const CURRENCIES = ["EUR", "USD", "JPY", "GBP", "CHF", "NOK", "CAD", "BRL"];
const TICKERS = ["ACME", "GLOBX", "INIT", "UMBR", "WAYNE", "STARK", "TYRL"];
const SUBJECTS = ["Quarterly report", "Lunch on Friday", "Invoice 2231", "Welcome aboard", "Server maintenance"];

type ToolTask = { tool: string; prompt: string; args: Record<string, JsonValue> };

const toolTasks: Record<string, (r: Rng) => ToolTask> = {
  get_weather: (r) => {
    const city = r.pick(CITIES);
    const unit = r.pick(["celsius", "fahrenheit"]);
    return {
      tool: "get_weather",
      prompt: `What is the weather in ${city} right now, in degrees ${unit}? ${USE_TOOL}`,
      args: { city, unit },
    };
  },
  convert_currency: (r) => {
    const [from, to] = r.sample(CURRENCIES, 2) as [string, string];
    const amount = r.int(5, 5000);
    return { tool: "convert_currency", prompt: `Convert ${amount} ${from} to ${to}. ${USE_TOOL}`, args: { amount, from, to } };
  },
  search_flights: (r) => {
    const [origin, destination] = r.sample(CITIES, 2) as [string, string];
    const date = isoDate(r);
    return {
      tool: "search_flights",
      prompt: `Find flights from ${origin} to ${destination} on ${date}. ${USE_TOOL}`,
      args: { origin, destination, date },
    };
  },
  create_event: (r) => {
    const title = r.pick(EVENTS);
    const date = isoDate(r);
    const durationMinutes = r.int(1, 8) * 15;
    return {
      tool: "create_event",
      prompt: `Put a meeting called "${title}" on my calendar for ${date}, lasting ${durationMinutes} minutes. ${USE_TOOL}`,
      args: { title, date, durationMinutes },
    };
  },
  get_stock_price: (r) => {
    const symbol = r.pick(TICKERS);
    return {
      tool: "get_stock_price",
      prompt: `What is the current share price of the company with the ticker symbol ${symbol}? ${USE_TOOL}`,
      args: { symbol },
    };
  },
  send_email: (r) => {
    const to = `${r.pick(FIRST)}.${r.pick(LAST)}@example.com`.toLowerCase();
    const subject = r.pick(SUBJECTS);
    return { tool: "send_email", prompt: `Send an email to ${to} with the subject "${subject}". ${USE_TOOL}`, args: { to, subject } };
  },
};

function toolItems(): ProbeItem[] {
  const r = rng("builtin@1/tools");
  const names = PROBE_TOOLS.map((t) => t.name);
  return Array.from({ length: BUILTIN_FAMILY_SIZES.tools }, (_, i) => {
    const name = names[i % names.length]!;
    const task = toolTasks[name]!(r);
    const others = r.sample(
      names.filter((n) => n !== name),
      2,
    );
    const offered = r.sample([name, ...others], 3).map((n) => PROBE_TOOLS.find((t) => t.name === n)!);
    return {
      key: `tools/call-${pad(i + 1)}`,
      family: "tools" as const,
      prompt: task.prompt,
      tools: offered,
      checker: { kind: "tool-call" as const, tool: task.tool, arguments: task.args },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Long context: a needle at several depths of generated filler

const ADJ = ["quiet", "amber", "distant", "narrow", "wooden", "silver", "early", "crowded", "gentle", "northern", "broken", "patient"];
const NOUN = ["river", "market", "ferry", "garden", "ledger", "orchard", "harbour", "lantern", "meadow", "workshop", "bridge", "archive"];
const VERB = ["passes", "follows", "faces", "borders", "shelters", "overlooks", "joins", "reflects", "outlasts", "mirrors"];
const PLACE = ["the old mill", "the east gate", "the square", "the chapel", "the station", "the valley", "the pier", "the hill road"];
const COLORS = ["crimson", "teal", "golden", "violet", "indigo", "scarlet", "olive", "ivory", "cobalt"];
const ANIMALS = ["heron", "otter", "falcon", "badger", "lynx", "marten", "osprey", "walrus", "ibis"];
const CODE_WORDS = ["KESTREL", "MARBLE", "QUARTZ", "TUNDRA", "ZEPHYR", "CINDER", "ORBIT", "SAFFRON", "HALCYON"];

function fillerSentences(r: Rng, chars: number): string[] {
  const out: string[] = [];
  let size = 0;
  while (size < chars) {
    const s = `The ${r.pick(ADJ)} ${r.pick(NOUN)} ${r.pick(VERB)} the ${r.pick(ADJ)} ${r.pick(NOUN)} near ${r.pick(PLACE)}.`;
    out.push(s);
    size += s.length + 1;
  }
  return out;
}

function longContextItems(): ProbeItem[] {
  const r = rng("builtin@1/long-context");
  // 8k: three needles per depth; 32k: two; 100k: one (big prompts stay few)
  const plan: [number, number][] = [
    [8_000, 3],
    [32_000, 2],
    [100_000, 1],
  ];
  const items: ProbeItem[] = [];
  let n = 0;
  for (const [tokens, needles] of plan) {
    for (const depth of NEEDLE_DEPTHS) {
      for (let k = 0; k < needles; k++) {
        n++;
        const subject = `${r.pick(COLORS)} ${r.pick(ANIMALS)}`;
        const code = `${r.pick(CODE_WORDS)}-${r.int(1000, 9999)}`;
        const needle = `The access code for the ${subject} archive is ${code}.`;
        const question = `What is the access code for the ${subject} archive? Reply with the code only.`;
        const head = "Read the document below, then answer the question after it.\n\n<document>\n";
        const tail = `\n</document>\n\nQuestion: ${question}`;
        const sentences = fillerSentences(r, tokens * CHARS_PER_TOKEN - head.length - tail.length - needle.length);
        sentences.splice(Math.round(depth * sentences.length), 0, needle);
        const prompt = head + sentences.join(" ") + tail;
        items.push({
          key: `long-context/needle-${Math.round(tokens / 1000)}k-${pad(n)}`,
          family: "long-context",
          prompt,
          checker: { kind: "contains", expected: [code], caseSensitive: false },
          contextTokens: Math.ceil(prompt.length / CHARS_PER_TOKEN),
          meta: { depth, sizeTokens: tokens },
        });
      }
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// 6. Parameter conformance

const STORY_TOPICS = ["a lighthouse in a storm", "a city that never sleeps", "a journey across a desert"];
const STOP_WORDS = [
  ["alpha", "bravo", "charlie", "delta"],
  ["north", "east", "south", "west"],
  ["copper", "iron", "silver", "gold"],
];
const STOPS = ["###", "@@END@@", "~~~"];
const THINGS = ["a lighthouse at dawn", "a busy kitchen"];

function parameterItems(): ProbeItem[] {
  const r = rng("builtin@1/parameters");
  const items: ProbeItem[] = [];
  [16, 32, 48].forEach((limit, i) => {
    items.push({
      key: `parameters/max-tokens-${pad(i + 1)}`,
      family: "parameters",
      prompt: `Write a long, detailed story about ${STORY_TOPICS[i]}, at least 600 words.`,
      params: { maxOutputTokens: limit },
      checker: { kind: "parameter", probe: { probe: "max-output-tokens", maxOutputTokens: limit } },
    });
  });
  STOP_WORDS.forEach((words, i) => {
    const stop = STOPS[i]!;
    const lines = [words[0], words[1], stop, words[2], words[3]];
    items.push({
      key: `parameters/stop-${pad(i + 1)}`,
      family: "parameters",
      prompt: `Copy the following lines exactly, one per line, and nothing else:\n${lines.join("\n")}`,
      params: { stopSequences: [stop] },
      checker: {
        kind: "parameter",
        probe: { probe: "stop-sequence", stop, before: [words[0]!, words[1]!], after: [words[2]!, words[3]!] },
      },
    });
  });
  for (let p = 1; p <= 2; p++) {
    const number = r.int(120, 999);
    for (const effort of ["low", "high"] as const) {
      items.push({
        key: `parameters/effort-${effort}-${pad(p)}`,
        family: "parameters",
        prompt: `How many positive divisors does ${number} have?\n\n${ANSWER_LINE}`,
        params: { reasoningEffort: effort },
        checker: { kind: "parameter", probe: { probe: "reasoning-effort", effort, pair: `effort-${pad(p)}` } },
        meta: { pair: `effort-${pad(p)}` },
      });
    }
  }
  items.push({
    key: "parameters/temperature-zero-001",
    family: "parameters",
    prompt: `Write one sentence that describes ${THINGS[0]}.`,
    params: { temperature: 0 },
    checker: { kind: "parameter", probe: { probe: "temperature-zero" } },
  });
  const seed = r.int(1, 2_000_000_000);
  items.push({
    key: "parameters/seed-001",
    family: "parameters",
    prompt: `Write one sentence that describes ${THINGS[1]}.`,
    params: { seed, temperature: 1 },
    checker: { kind: "parameter", probe: { probe: "seed", seed } },
  });
  return items;
}

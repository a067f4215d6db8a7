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

const PROVIDER_LABEL: Record<string, string> = {
  openai: "OpenAI",
  azure: "Azure OpenAI",
  bedrock: "Amazon Bedrock",
  compatible: "an OpenAI-compatible endpoint",
};

/** FNV-1a, for a stable number derived from the prompt. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A markdown answer (heading, a sentence naming the model, a short fenced code block) derived
 * only from its inputs: the same prompt to the same model always gets the same answer.
 * About 70-110 tokens.
 */
export function defaultAnswer(prompt: string, model: string, provider: string): string {
  const flat = prompt.replace(/\s+/g, " ").trim();
  const words = flat
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6);
  const title = words.length > 0 ? words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(" ") : "Your question";
  const safe = flat.replace(/[`"]/g, "'");
  const excerpt = safe.length > 60 ? `${safe.slice(0, 57).trimEnd()}...` : safe || "(empty prompt)";
  const slug = words.join("-").toLowerCase() || "answer";
  const n = hash(`${provider}:${model}:${flat}`) % 1000;
  return [
    `## ${title}`,
    "",
    `**${model}** on ${PROVIDER_LABEL[provider] ?? provider} (emulated) read your prompt: "${excerpt}". ` +
      "This is a scripted answer: its speed, token counts and faults are set by the emulator, not by a real model.",
    "",
    "```ts",
    `const topic = "${slug}";`,
    `console.log(topic.length + ${n});`,
    "```",
  ].join("\n");
}

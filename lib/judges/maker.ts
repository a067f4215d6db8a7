// The maker of a model (who trained it), from its logical model key: the trust figures ask how
// often a judge picks its own maker's models. Unknown models get "other:<logical model>", so two
// unknown models never count as the same maker.
const MAKERS: [RegExp, string][] = [
  [/^(gpt|o\d|chatgpt|text-embedding|davinci|codex)/i, "openai"],
  [/^(claude|anthropic)/i, "anthropic"],
  [/^(llama|meta)/i, "meta"],
  [/^(mistral|mixtral|codestral|ministral|pixtral|magistral)/i, "mistral"],
  [/^(nova|titan|amazon)/i, "amazon"],
  [/^phi/i, "microsoft"],
  [/^(gemini|gemma)/i, "google"],
  [/^deepseek/i, "deepseek"],
  [/^(qwen|qwq)/i, "alibaba"],
  [/^(command|cohere)/i, "cohere"],
  [/^(jamba|ai21)/i, "ai21"],
  [/^grok/i, "xai"],
  [/^kimi/i, "moonshot"],
];

export function makerOf(logicalModel: string): string {
  const key = logicalModel.replace(/^.*\//, "").replace(/^(us|eu|apac|global)\./, "");
  for (const [re, maker] of MAKERS) if (re.test(key)) return maker;
  return `other:${logicalModel}`;
}

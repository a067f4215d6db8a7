const colors: Record<string, string> = {
  openai: "bg-emerald-500",
  azure: "bg-sky-500",
  bedrock: "bg-orange-500",
  compatible: "bg-violet-500",
  // Anthropic's clay, apart from Bedrock's orange
  anthropic: "bg-[#d97757]",
  google: "bg-blue-600",
  vertex: "bg-rose-500",
};

/** A small colour mark per provider, so panes of the same cloud are easy to spot. Decorative. */
export function ProviderDot({ provider }: { provider: string }) {
  return <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${colors[provider] ?? "bg-zinc-400"}`} />;
}

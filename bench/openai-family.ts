// Foundry on Azure and Bedrock's OpenAI-compatible API, measured through the one model-call core
// against the in-process emulator: `npx tsx --conditions=react-server bench/openai-family.ts`.
// Side by side in one run, for each kind of call (BENCH_OF_CALLS sequential calls each, after one
// warm call; the emulator answers every one the same way):
//   setup   = our set-up before the request is written (SigV4 signing, the fetch wrappers)
//   ttft-δ  = the app's time to first token minus the scripted 100 ms
// The reasoning rows script 100 ms to the first reasoning token and 40 reasoning tokens at 50/s
// (800 ms) before the text: a time to first token near 100 ms shows reasoning_content reaching the
// pane as it streams, not held back until the first text token (the SDK's chat model waits for
// that) and then released at once. No absolute timings are judged here.
import { callModel } from "../lib/calls/call-model";
import { parseEnv, type Env } from "../lib/env";
import { clearProviderCache, findModel } from "../lib/providers";
import { emulatorEnv as emulatorEnvJs } from "../scripts/emulator-env.mjs";
import { EMULATOR_CREDENTIALS, startEmulator } from "../tests/emulator/server";
import { median, round, table } from "./lib";

const emulatorEnv = emulatorEnvJs as (url: string) => Record<string, string>;
const CALLS = Number(process.env.BENCH_OF_CALLS ?? 30);
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");

async function main() {
  const plain = { ttftMs: 100, tokensPerSecond: 1000, text: words(30) };
  const reasoning = { ttftMs: 100, tokensPerSecond: 50, reasoning: words(40), text: words(5) };
  const emulator = await startEmulator({
    scripts: {
      "bedrock:openai.gpt-oss-120b-1:0": { ...plain },
      "bedrock-openai:openai.gpt-oss-120b-1:0": { ...plain },
      "bedrock-openai:openai.gpt-oss-20b-1:0": { ...reasoning },
      "azure:prod-mini": { ...plain },
      "azure:phi-4": { ...plain },
      "azure:deepseek-r1": { ...reasoning, reasoningInText: true, reasoningTag: "think" },
    },
  });
  try {
    const sigv4 = parseEnv({ ...emulatorEnv(emulator.url), JUXTA_MAX_RETRIES: "0" });
    const bearer = parseEnv({
      ...emulatorEnv(emulator.url),
      JUXTA_MAX_RETRIES: "0",
      AWS_BEARER_TOKEN_BEDROCK: EMULATOR_CREDENTIALS.aws.bearerToken,
    });
    const rows: [string, string, Env][] = [
      ["Bedrock Converse, SigV4", "bedrock:openai.gpt-oss-120b-1:0", sigv4],
      ["Bedrock OpenAI API, SigV4", "bedrock-openai:openai.gpt-oss-120b-1:0", sigv4],
      ["Bedrock OpenAI API, API key", "bedrock-openai:openai.gpt-oss-120b-1:0", bearer],
      ["Azure OpenAI (Responses)", "azure:prod-mini", sigv4],
      ["Foundry Phi-4 (Chat)", "azure:phi-4", sigv4],
      ["Bedrock OpenAI API, reasoning_content", "bedrock-openai:openai.gpt-oss-20b-1:0", sigv4],
      ["Foundry DeepSeek-R1, <think>", "azure:deepseek-r1", sigv4],
    ];
    const out: (string | number)[][] = [];
    for (const [name, id, env] of rows) {
      clearProviderCache();
      const model = findModel(id, env)!;
      const call = () => callModel({ model, env, system: null, messages: [{ role: "user", content: "Hi" }], params: {} });
      await call();
      const setup: number[] = [];
      const ttft: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const r = await call();
        if (r.status !== "done") throw new Error(`${id}: ${r.failure?.message}`);
        setup.push(r.timing.setupMs ?? NaN);
        ttft.push((r.timing.ttftMs ?? NaN) - 100);
      }
      out.push([name, round(median(setup)), round(Math.max(...setup)), round(median(ttft)), round(Math.max(...ttft))]);
    }
    console.log(`${CALLS} calls each, ms`);
    console.log(table(["call", "setup p50", "setup max", "ttft-δ p50", "ttft-δ max"], out));
  } finally {
    await emulator.close();
  }
}

await main();

// OpenAI's and any OpenAI-compatible server's model list: `GET {base}/models` (Bearer), one page.
import "server-only";
import { z } from "zod";
import { commonErrorMessage, getJson, type ListedModel, type ListOptions } from "./shared";

const listSchema = z.object({
  data: z.array(
    z.looseObject({
      id: z.string().min(1),
      owned_by: z.string().optional(),
      // vLLM and SGLang report the served context length; OpenAI and Ollama do not
      max_model_len: z.number().int().positive().optional(),
    }),
  ),
});

export async function listOpenAIModels(
  config: { cloud: string; baseURL: string; apiKey?: string | undefined },
  options: ListOptions = {},
): Promise<ListedModel[]> {
  const body = await getJson(
    {
      cloud: config.cloud,
      url: `${config.baseURL}/models`,
      headers: config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {},
      errorMessage: commonErrorMessage,
      secrets: [config.apiKey],
    },
    listSchema,
    options,
  );
  return body.data.map((m) => ({
    providerModelId: m.id,
    label: m.id,
    kind: "model" as const,
    ...(m.max_model_len ? { contextWindow: m.max_model_len } : {}),
  }));
}

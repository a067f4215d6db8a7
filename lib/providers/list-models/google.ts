// The Gemini API's model list: `GET {base}/models` (base includes /v1beta), `x-goog-api-key`,
// paginated with `pageSize` / `pageToken` (`nextPageToken`). Only models that answer
// `generateContent` are kept (embedding and other models cannot be compared); the limits are the
// cloud's own `inputTokenLimit` / `outputTokenLimit`.
import "server-only";
import { z } from "zod";
import { commonErrorMessage, getJson, ListError, type ListedModel, type ListOptions, MAX_PAGES } from "./shared";

const pageSchema = z.object({
  models: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        displayName: z.string().optional(),
        inputTokenLimit: z.number().int().positive().optional(),
        outputTokenLimit: z.number().int().positive().optional(),
        supportedGenerationMethods: z.array(z.string()).optional(),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});

export async function listGoogleModels(config: { baseURL: string; apiKey: string }, options: ListOptions = {}): Promise<ListedModel[]> {
  const models: ListedModel[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${config.baseURL}/models`);
    url.searchParams.set("pageSize", String(options.pageSize ?? 1000));
    if (token) url.searchParams.set("pageToken", token);
    const body = await getJson(
      {
        cloud: "Google Gemini API",
        url: url.toString(),
        headers: { "x-goog-api-key": config.apiKey },
        errorMessage: commonErrorMessage,
        secrets: [config.apiKey],
      },
      pageSchema,
      options,
    );
    for (const m of body.models) {
      if (m.supportedGenerationMethods && !m.supportedGenerationMethods.includes("generateContent")) continue;
      models.push({
        // the API names models "models/<id>"; catalog ids and GOOGLE_MODELS use the bare id
        providerModelId: m.name.replace(/^models\//, ""),
        label: m.displayName ?? m.name.replace(/^models\//, ""),
        kind: "model",
        ...(m.inputTokenLimit ? { contextWindow: m.inputTokenLimit } : {}),
        ...(m.outputTokenLimit ? { maxOutputTokens: m.outputTokenLimit } : {}),
      });
    }
    if (!body.nextPageToken) return models;
    if (body.nextPageToken === token) throw new ListError("The Gemini API gave the same page token twice.");
    token = body.nextPageToken;
  }
  throw new ListError(`The Gemini API's model list did not end after ${MAX_PAGES} pages.`);
}

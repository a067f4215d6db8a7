// Anthropic's model list: `GET {base}/models` (base includes /v1), `x-api-key` and
// `anthropic-version`, paginated with `limit` / `after_id` while `has_more`.
import "server-only";
import { z } from "zod";
import { commonErrorMessage, getJson, ListError, type ListedModel, type ListOptions, MAX_PAGES } from "./shared";

const pageSchema = z.object({
  data: z.array(z.looseObject({ id: z.string().min(1), display_name: z.string().optional(), type: z.string().optional() })),
  has_more: z.boolean(),
  last_id: z.string().nullable().optional(),
});

export const ANTHROPIC_VERSION = "2023-06-01";

export async function listAnthropicModels(config: { baseURL: string; apiKey: string }, options: ListOptions = {}): Promise<ListedModel[]> {
  const models: ListedModel[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(`${config.baseURL}/models`);
    url.searchParams.set("limit", String(options.pageSize ?? 1000));
    if (after) url.searchParams.set("after_id", after);
    const body = await getJson(
      {
        cloud: "Anthropic",
        url: url.toString(),
        headers: { "x-api-key": config.apiKey, "anthropic-version": ANTHROPIC_VERSION },
        errorMessage: commonErrorMessage,
        secrets: [config.apiKey],
      },
      pageSchema,
      options,
    );
    for (const m of body.data) models.push({ providerModelId: m.id, label: m.display_name ?? m.id, kind: "model" });
    if (!body.has_more) return models;
    const next = body.last_id ?? body.data.at(-1)?.id;
    if (!next || next === after) throw new ListError("Anthropic said there are more models but gave no next page.");
    after = next;
  }
  throw new ListError(`Anthropic's model list did not end after ${MAX_PAGES} pages.`);
}

import { endpoint, otherMethods } from "@/lib/http/route";
import { singleValuedQuery } from "@/lib/http/parse";
import { discoverModels } from "@/lib/providers/discover";
import { discoverQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

// GET /api/v1/discover?provider=openai|anthropic|google|bedrock|compatible&refresh=true: what each configured
// account offers by its cloud's list call, marked against the catalog; one account's failure is its own status
export const GET = endpoint({ query: discoverQuerySchema, queryInput: (url) => singleValuedQuery(url) }, async ({ query }) =>
  Response.json({ accounts: await discoverModels(undefined, { provider: query.provider, refresh: query.refresh }) }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });

import { singleValuedQuery } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";
import { exportVotesResponse, voteExportQuerySchema } from "@/lib/votes/export";

export const dynamic = "force-dynamic";

// GET /api/v1/votes/export?format=csv|jsonl|pairs&mode=blind|named|all&from&to: the caller's own votes as a download (they carry prompts and answers, so never anyone else's)
export const GET = endpoint(
  // a repeated parameter is ambiguous (which format?): say so rather than pick one
  { query: voteExportQuerySchema, queryInput: (url) => singleValuedQuery(url) },
  ({ viewer, query }) => exportVotesResponse({ viewer, query }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });

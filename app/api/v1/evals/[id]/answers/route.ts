import { authorizeSession } from "@/lib/evals/access";
import { listAnswers } from "@/lib/evals/answers";
import { answersQuerySchema } from "@/lib/evals/answers-schema";
import { idParams, singleValuedQuery } from "@/lib/http";
import { endpoint, otherMethods } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/v1/evals/<id>/answers?cursor=&limit=&model=&status=&q=&index=&full=: the answers grid, a page of prompts with a cell per model (evals:read; blind while the viewer still has items to rate)
export const GET = endpoint(
  {
    params: idParams,
    query: answersQuerySchema,
    // model and status may be repeated (joined with ","); any other repeated parameter is ambiguous: 400
    queryInput: (url) => singleValuedQuery(url, { joined: ["model", "status"] }),
    authorize: ({ viewer, params }) => authorizeSession(params.id, viewer, "evals:read"),
  },
  async ({ access, query }) => Response.json(await listAnswers(access, query), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });

import { z } from "zod";
import { getSharedImage, imageResponse } from "@/lib/compare/images";
import { endpoint, otherMethods } from "@/lib/http/route";
import { MAX_IMAGES } from "@/lib/compare/tools-schema";

export const dynamic = "force-dynamic";

const params = z.object({
  token: z.string(),
  turn: z.coerce.number().int().min(0).max(10_000),
  index: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_IMAGES - 1),
});

// GET /s/<token>/images/<turn>/<index>: an image of a shared comparison (no sign-in; the same 404 for any link that does not show it)
export const GET = endpoint({ auth: "none", params }, async ({ params }) =>
  imageResponse(await getSharedImage(params.token, params.turn, params.index), { shared: true }),
);

export const { POST, PUT, PATCH, DELETE, HEAD, OPTIONS } = otherMethods({ GET });

// Input schemas of the run endpoints. Pure.
import { z } from "zod";

/** POST /api/v1/evals/<id>/run|pause|resume|cancel take no fields: an empty body or {}. */
export const runActionBodySchema = z.object({}).strict();

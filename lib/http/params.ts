import { z } from "zod";

// Route params most routes share. The ids are checked further by each route's access check, which
// answers 404 for a malformed id as for one that does not exist (with the row's own message).

/** `[id]` */
export const idParams = z.object({ id: z.string() });

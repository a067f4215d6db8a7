// The one filter every read of comparisons goes through: a comparison deleted from the history is
// kept a minute for Undo (./trash.ts) but is, for everything else, gone. Prisma reads spread or
// nest `notDeleted`; raw SQL says `"deletedAt" IS NULL` next to a comment naming this file.
import type { Prisma } from "@/lib/generated/prisma/client";

/** Comparisons that are not deleted (waiting for Undo or purge), as a Prisma filter. */
export const notDeleted = { deletedAt: null } as const satisfies Prisma.ComparisonWhereInput;

-- AlterTable
ALTER TABLE "VoteOutcome" ADD COLUMN     "providerA" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "providerB" TEXT NOT NULL DEFAULT '';


-- Backfill from the panes the outcomes were cast on.
UPDATE "VoteOutcome" vo SET "providerA" = p."provider"
  FROM "Vote" v JOIN "Pane" p ON p."comparisonId" = v."comparisonId"
  WHERE vo."voteId" = v."id" AND p."index" = vo."paneA";
UPDATE "VoteOutcome" vo SET "providerB" = p."provider"
  FROM "Vote" v JOIN "Pane" p ON p."comparisonId" = v."comparisonId"
  WHERE vo."voteId" = v."id" AND p."index" = vo."paneB";

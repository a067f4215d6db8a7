-- Answer feedback (thumbs, reasons, comment) belongs to (turn, user, pane), not to a vote: it is
-- saved as it is given, with or without a vote. Existing rows are moved, not dropped: their turn,
-- user and times come from the vote they hung off.

-- AlterTable: the new columns, nullable while they are filled in
ALTER TABLE "AnswerFeedback" ADD COLUMN "turnId" TEXT,
ADD COLUMN "userId" TEXT,
ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "AnswerFeedback" f
SET "turnId" = v."turnId", "userId" = v."voterId", "createdAt" = v."createdAt", "updatedAt" = v."updatedAt"
FROM "Vote" v
WHERE v.id = f."voteId";

ALTER TABLE "AnswerFeedback" ALTER COLUMN "turnId" SET NOT NULL,
ALTER COLUMN "userId" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "AnswerFeedback" DROP CONSTRAINT "AnswerFeedback_voteId_fkey";

-- DropIndex
DROP INDEX "AnswerFeedback_voteId_pane_key";

-- AlterTable
ALTER TABLE "AnswerFeedback" DROP COLUMN "voteId";

-- CreateIndex
CREATE INDEX "AnswerFeedback_userId_idx" ON "AnswerFeedback"("userId");

-- CreateIndex (a vote was unique per (turn, voter), so the moved rows are unique here too)
CREATE UNIQUE INDEX "AnswerFeedback_turnId_userId_pane_key" ON "AnswerFeedback"("turnId", "userId", "pane");

-- AddForeignKey
ALTER TABLE "AnswerFeedback" ADD CONSTRAINT "AnswerFeedback_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnswerFeedback" ADD CONSTRAINT "AnswerFeedback_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

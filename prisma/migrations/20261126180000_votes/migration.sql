-- CreateTable
CREATE TABLE "Vote" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "turnId" TEXT NOT NULL,
    "voterId" TEXT NOT NULL,
    "blind" BOOLEAN NOT NULL DEFAULT false,
    "kind" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoteOutcome" (
    "id" TEXT NOT NULL,
    "voteId" TEXT NOT NULL,
    "paneA" INTEGER NOT NULL,
    "paneB" INTEGER NOT NULL,
    "modelA" TEXT NOT NULL,
    "modelB" TEXT NOT NULL,
    "logicalA" TEXT NOT NULL,
    "logicalB" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoteOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Vote_comparisonId_idx" ON "Vote"("comparisonId");

-- CreateIndex
CREATE INDEX "Vote_voterId_idx" ON "Vote"("voterId");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_turnId_voterId_key" ON "Vote"("turnId", "voterId");

-- CreateIndex
CREATE INDEX "VoteOutcome_voteId_idx" ON "VoteOutcome"("voteId");

-- CreateIndex
CREATE INDEX "VoteOutcome_createdAt_idx" ON "VoteOutcome"("createdAt");

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteOutcome" ADD CONSTRAINT "VoteOutcome_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote"("id") ON DELETE CASCADE ON UPDATE CASCADE;


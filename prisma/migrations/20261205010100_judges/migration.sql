-- CreateEnum
CREATE TYPE "JudgePassStatus" AS ENUM ('queued', 'running', 'cancelled', 'capped', 'completed');

-- CreateEnum
CREATE TYPE "JudgementStatus" AS ENUM ('queued', 'running', 'done', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "JudgeRubric" (
    "id" TEXT NOT NULL,
    "kind" TEXT,
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeRubric_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgePass" (
    "id" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "comparisonId" TEXT,
    "turnId" TEXT,
    "evalSessionId" TEXT,
    "requestedById" TEXT,
    "judgeModelId" TEXT NOT NULL,
    "judgeProvider" TEXT NOT NULL,
    "judgeLabel" TEXT NOT NULL,
    "judgeLogical" TEXT NOT NULL,
    "judgeMaker" TEXT NOT NULL,
    "judgeLocation" TEXT,
    "judgePrice" JSONB,
    "rubricId" TEXT NOT NULL,
    "status" "JudgePassStatus" NOT NULL DEFAULT 'queued',
    "spendCapUsd" DECIMAL(14,6),
    "chargedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "reservedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JudgePass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Judgement" (
    "id" TEXT NOT NULL,
    "passId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "judgeModelId" TEXT NOT NULL,
    "judgeLogical" TEXT NOT NULL,
    "judgeMaker" TEXT NOT NULL,
    "rubricId" TEXT NOT NULL,
    "comparisonId" TEXT,
    "turnId" TEXT,
    "paneA" INTEGER,
    "paneB" INTEGER,
    "evalSessionId" TEXT,
    "evalItemId" TEXT,
    "side" TEXT,
    "modelA" TEXT NOT NULL,
    "modelB" TEXT,
    "logicalA" TEXT NOT NULL,
    "logicalB" TEXT,
    "providerA" TEXT NOT NULL,
    "providerB" TEXT,
    "makerA" TEXT NOT NULL,
    "makerB" TEXT,
    "status" "JudgementStatus" NOT NULL DEFAULT 'queued',
    "verdict" TEXT,
    "grade" INTEGER,
    "inconsistent" BOOLEAN NOT NULL DEFAULT false,
    "costUsd" DECIMAL(14,8),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Judgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeCall" (
    "id" TEXT NOT NULL,
    "judgementId" TEXT NOT NULL,
    "order" TEXT NOT NULL,
    "status" "JudgementStatus" NOT NULL DEFAULT 'queued',
    "rawVerdict" TEXT,
    "verdict" TEXT,
    "grade" INTEGER,
    "reason" TEXT,
    "output" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "errorStatus" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "setupMs" INTEGER,
    "responseHeadersMs" INTEGER,
    "headersToFirstTokenMs" INTEGER,
    "ttftMs" INTEGER,
    "totalMs" INTEGER,
    "inputTokens" INTEGER,
    "cachedInputTokens" INTEGER,
    "outputTokens" INTEGER,
    "reasoningTokens" INTEGER,
    "usageEstimated" BOOLEAN NOT NULL DEFAULT false,
    "costUsd" DECIMAL(14,8),
    "responseId" TEXT,
    "requestId" TEXT,
    "reservedUsd" DECIMAL(14,8),
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JudgeCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JudgeRubric_textHash_key" ON "JudgeRubric"("textHash");

-- CreateIndex
CREATE INDEX "JudgePass_evalSessionId_createdAt_idx" ON "JudgePass"("evalSessionId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "JudgePass_turnId_idx" ON "JudgePass"("turnId");

-- CreateIndex
CREATE INDEX "Judgement_passId_idx" ON "Judgement"("passId");

-- CreateIndex
CREATE INDEX "Judgement_turnId_status_idx" ON "Judgement"("turnId", "status");

-- CreateIndex
CREATE INDEX "Judgement_evalSessionId_status_idx" ON "Judgement"("evalSessionId", "status");

-- CreateIndex
CREATE INDEX "Judgement_evalItemId_idx" ON "Judgement"("evalItemId");

-- CreateIndex
CREATE INDEX "Judgement_status_kind_createdAt_idx" ON "Judgement"("status", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeCall_judgementId_order_key" ON "JudgeCall"("judgementId", "order");

-- AddForeignKey
ALTER TABLE "JudgeRubric" ADD CONSTRAINT "JudgeRubric_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgePass" ADD CONSTRAINT "JudgePass_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgePass" ADD CONSTRAINT "JudgePass_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgePass" ADD CONSTRAINT "JudgePass_evalSessionId_fkey" FOREIGN KEY ("evalSessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgePass" ADD CONSTRAINT "JudgePass_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgePass" ADD CONSTRAINT "JudgePass_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "JudgeRubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_passId_fkey" FOREIGN KEY ("passId") REFERENCES "JudgePass"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_rubricId_fkey" FOREIGN KEY ("rubricId") REFERENCES "JudgeRubric"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_evalSessionId_fkey" FOREIGN KEY ("evalSessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_evalItemId_fkey" FOREIGN KEY ("evalItemId") REFERENCES "EvalItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeCall" ADD CONSTRAINT "JudgeCall_judgementId_fkey" FOREIGN KEY ("judgementId") REFERENCES "Judgement"("id") ON DELETE CASCADE ON UPDATE CASCADE;


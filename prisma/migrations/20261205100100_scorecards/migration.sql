-- CreateEnum
CREATE TYPE "ScorecardRunStatus" AS ENUM ('queued', 'running', 'paused', 'finished', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ScorecardCallStatus" AS ENUM ('queued', 'running', 'done', 'failed', 'skipped', 'cancelled');

-- CreateTable
CREATE TABLE "Scorecard" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "teamId" TEXT,
    "deployments" JSONB NOT NULL,
    "referenceId" TEXT NOT NULL,
    "suiteId" TEXT NOT NULL DEFAULT 'builtin',
    "samples" INTEGER NOT NULL DEFAULT 3,
    "schedule" TEXT,
    "spendCapUsd" DECIMAL(14,6),
    "alertEmail" BOOLEAN NOT NULL DEFAULT true,
    "alertWebhooks" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Scorecard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProbeSuite" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "teamId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "items" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProbeSuite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardRun" (
    "id" TEXT NOT NULL,
    "scorecardId" TEXT NOT NULL,
    "status" "ScorecardRunStatus" NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "suiteVersion" TEXT NOT NULL,
    "deployments" JSONB NOT NULL,
    "referenceId" TEXT NOT NULL,
    "samples" INTEGER NOT NULL,
    "spendCapUsd" DECIMAL(14,6),
    "chargedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "reservedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "callsTotal" INTEGER NOT NULL DEFAULT 0,
    "stopReason" TEXT,
    "summary" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScorecardRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardCall" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "sample" INTEGER NOT NULL,
    "status" "ScorecardCallStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "request" JSONB,
    "requestId" TEXT,
    "responseId" TEXT,
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
    "text" TEXT NOT NULL DEFAULT '',
    "reasoning" TEXT NOT NULL DEFAULT '',
    "finishReason" TEXT,
    "toolCalls" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "httpStatus" INTEGER,
    "check" JSONB,
    "pass" BOOLEAN,
    "errorClass" TEXT,
    "reservedUsd" DECIMAL(14,8),
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScorecardCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardAlert" (
    "id" TEXT NOT NULL,
    "scorecardId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "drift" JSONB NOT NULL,
    "deliveries" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScorecardAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardShare" (
    "id" TEXT NOT NULL,
    "scorecardId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ScorecardShare_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "href" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Scorecard_teamId_createdAt_idx" ON "Scorecard"("teamId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Scorecard_ownerId_createdAt_idx" ON "Scorecard"("ownerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Scorecard_schedule_idx" ON "Scorecard"("schedule");

-- CreateIndex
CREATE INDEX "ProbeSuite_teamId_createdAt_idx" ON "ProbeSuite"("teamId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ProbeSuite_ownerId_createdAt_idx" ON "ProbeSuite"("ownerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ScorecardRun_scorecardId_createdAt_idx" ON "ScorecardRun"("scorecardId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ScorecardRun_status_idx" ON "ScorecardRun"("status");

-- CreateIndex
CREATE INDEX "ScorecardCall_runId_status_idx" ON "ScorecardCall"("runId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ScorecardCall_runId_deploymentId_itemKey_sample_key" ON "ScorecardCall"("runId", "deploymentId", "itemKey", "sample");

-- CreateIndex
CREATE INDEX "ScorecardAlert_scorecardId_createdAt_idx" ON "ScorecardAlert"("scorecardId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ScorecardAlert_runId_idx" ON "ScorecardAlert"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "ScorecardShare_tokenHash_key" ON "ScorecardShare"("tokenHash");

-- CreateIndex
CREATE INDEX "ScorecardShare_scorecardId_idx" ON "ScorecardShare"("scorecardId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- AddForeignKey
ALTER TABLE "Scorecard" ADD CONSTRAINT "Scorecard_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Scorecard" ADD CONSTRAINT "Scorecard_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeSuite" ADD CONSTRAINT "ProbeSuite_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeSuite" ADD CONSTRAINT "ProbeSuite_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorecardRun" ADD CONSTRAINT "ScorecardRun_scorecardId_fkey" FOREIGN KEY ("scorecardId") REFERENCES "Scorecard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorecardCall" ADD CONSTRAINT "ScorecardCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScorecardRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorecardAlert" ADD CONSTRAINT "ScorecardAlert_scorecardId_fkey" FOREIGN KEY ("scorecardId") REFERENCES "Scorecard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorecardAlert" ADD CONSTRAINT "ScorecardAlert_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ScorecardRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScorecardShare" ADD CONSTRAINT "ScorecardShare_scorecardId_fkey" FOREIGN KEY ("scorecardId") REFERENCES "Scorecard"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


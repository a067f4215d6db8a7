-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('owner', 'admin', 'member', 'viewer');

-- CreateEnum
CREATE TYPE "EvalStatus" AS ENUM ('draft', 'running', 'paused', 'cancelled', 'capped', 'completed');

-- CreateEnum
CREATE TYPE "EvalAnswerStatus" AS ENUM ('queued', 'running', 'done', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "teamId" TEXT;

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamInvite" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT,
    "role" "TeamRole" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedById" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "TeamInvite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalSession" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instructions" TEXT NOT NULL DEFAULT '',
    "teamId" TEXT,
    "ownerId" TEXT NOT NULL,
    "models" JSONB NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "design" JSONB NOT NULL,
    "status" "EvalStatus" NOT NULL DEFAULT 'draft',
    "spendCapUsd" DECIMAL(14,6),
    "itemsBuiltAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "EvalSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalPrompt" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "system" TEXT,
    "reference" TEXT,
    "tags" TEXT[],
    "gold" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "EvalPrompt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalAnswer" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "status" "EvalAnswerStatus" NOT NULL DEFAULT 'queued',
    "text" TEXT NOT NULL DEFAULT '',
    "reasoning" TEXT NOT NULL DEFAULT '',
    "finishReason" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "ttftMs" INTEGER,
    "totalMs" INTEGER,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "costUsd" DECIMAL(14,8),
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvalAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalItem" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "answerAId" TEXT,
    "answerBId" TEXT,
    "goldSide" TEXT,
    "assigned" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EvalItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalAssignment" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "raterId" TEXT NOT NULL,
    "swapped" BOOLEAN NOT NULL DEFAULT false,
    "outcome" TEXT,
    "scores" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ratedAt" TIMESTAMP(3),

    CONSTRAINT "EvalAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvalShare" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "EvalShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamInvite_tokenHash_key" ON "TeamInvite"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamInvite_teamId_idx" ON "TeamInvite"("teamId");

-- CreateIndex
CREATE INDEX "EvalSession_teamId_createdAt_idx" ON "EvalSession"("teamId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "EvalSession_ownerId_createdAt_idx" ON "EvalSession"("ownerId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "EvalPrompt_sessionId_index_key" ON "EvalPrompt"("sessionId", "index");

-- CreateIndex
CREATE INDEX "EvalAnswer_sessionId_status_idx" ON "EvalAnswer"("sessionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EvalAnswer_promptId_modelId_key" ON "EvalAnswer"("promptId", "modelId");

-- CreateIndex
CREATE INDEX "EvalItem_sessionId_assigned_idx" ON "EvalItem"("sessionId", "assigned");

-- CreateIndex
CREATE INDEX "EvalAssignment_sessionId_raterId_idx" ON "EvalAssignment"("sessionId", "raterId");

-- CreateIndex
CREATE UNIQUE INDEX "EvalAssignment_itemId_raterId_key" ON "EvalAssignment"("itemId", "raterId");

-- CreateIndex
CREATE UNIQUE INDEX "EvalShare_tokenHash_key" ON "EvalShare"("tokenHash");

-- CreateIndex
CREATE INDEX "EvalShare_sessionId_idx" ON "EvalShare"("sessionId");

-- CreateIndex
CREATE INDEX "Comparison_teamId_createdAt_idx" ON "Comparison"("teamId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInvite" ADD CONSTRAINT "TeamInvite_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalSession" ADD CONSTRAINT "EvalSession_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalSession" ADD CONSTRAINT "EvalSession_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalPrompt" ADD CONSTRAINT "EvalPrompt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalAnswer" ADD CONSTRAINT "EvalAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalAnswer" ADD CONSTRAINT "EvalAnswer_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "EvalPrompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalItem" ADD CONSTRAINT "EvalItem_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalItem" ADD CONSTRAINT "EvalItem_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "EvalPrompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalAssignment" ADD CONSTRAINT "EvalAssignment_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalAssignment" ADD CONSTRAINT "EvalAssignment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "EvalItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalAssignment" ADD CONSTRAINT "EvalAssignment_raterId_fkey" FOREIGN KEY ("raterId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvalShare" ADD CONSTRAINT "EvalShare_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "EvalSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;


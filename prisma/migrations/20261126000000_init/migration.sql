-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AnswerStatus" AS ENUM ('pending', 'streaming', 'done', 'error', 'stopped');

-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "system" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pane" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "modelId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "modelLabel" TEXT NOT NULL,
    "logicalModel" TEXT NOT NULL,
    "location" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "price" JSONB,

    CONSTRAINT "Pane_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Turn" (
    "id" TEXT NOT NULL,
    "comparisonId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Turn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" TEXT NOT NULL,
    "turnId" TEXT NOT NULL,
    "paneId" TEXT NOT NULL,
    "status" "AnswerStatus" NOT NULL DEFAULT 'pending',
    "text" TEXT NOT NULL DEFAULT '',
    "reasoning" TEXT NOT NULL DEFAULT '',
    "finishReason" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "errorStatus" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "ttftMs" INTEGER,
    "totalMs" INTEGER,
    "inputTokens" INTEGER,
    "cachedInputTokens" INTEGER,
    "outputTokens" INTEGER,
    "reasoningTokens" INTEGER,
    "costUsd" DECIMAL(14,8),
    "responseId" TEXT,
    "requestId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Comparison_createdAt_idx" ON "Comparison"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Pane_comparisonId_index_key" ON "Pane"("comparisonId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Turn_comparisonId_index_key" ON "Turn"("comparisonId", "index");

-- CreateIndex
CREATE INDEX "Answer_paneId_idx" ON "Answer"("paneId");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_turnId_paneId_key" ON "Answer"("turnId", "paneId");

-- AddForeignKey
ALTER TABLE "Pane" ADD CONSTRAINT "Pane_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_comparisonId_fkey" FOREIGN KEY ("comparisonId") REFERENCES "Comparison"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "Turn"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_paneId_fkey" FOREIGN KEY ("paneId") REFERENCES "Pane"("id") ON DELETE CASCADE ON UPDATE CASCADE;


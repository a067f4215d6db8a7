-- AlterTable
ALTER TABLE "Answer" ADD COLUMN     "instanceId" TEXT;

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Instance_lastSeenAt_idx" ON "Instance"("lastSeenAt");

-- CreateIndex (partial: only running answers, which the sweeper of stopped instances reads)
CREATE INDEX "Answer_running_instanceId_idx" ON "Answer"("instanceId") WHERE "status" IN ('pending', 'streaming');


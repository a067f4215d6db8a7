-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('active', 'pending', 'disabled');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isAdmin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "status" "UserStatus" NOT NULL DEFAULT 'active';

-- AlterTable
ALTER TABLE "EvalSession" ADD COLUMN     "pauseReason" TEXT;

-- CreateTable
CREATE TABLE "LimitOverride" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "teamId" TEXT,
    "tokenId" TEXT,
    "requestsPerMinute" INTEGER,
    "concurrentPanes" INTEGER,
    "dailyUsd" DECIMAL(14,4),
    "monthlyUsd" DECIMAL(14,4),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "LimitOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendLedger" (
    "subject" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "dayChargedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "dayReservedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "month" DATE NOT NULL,
    "monthChargedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "monthReservedUsd" DECIMAL(14,8) NOT NULL DEFAULT 0,
    "activePanes" INTEGER NOT NULL DEFAULT 0,
    "touchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendLedger_pkey" PRIMARY KEY ("subject")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "LimitOverride_userId_key" ON "LimitOverride"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LimitOverride_teamId_key" ON "LimitOverride"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "LimitOverride_tokenId_key" ON "LimitOverride"("tokenId");

-- AddForeignKey
ALTER TABLE "LimitOverride" ADD CONSTRAINT "LimitOverride_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LimitOverride" ADD CONSTRAINT "LimitOverride_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LimitOverride" ADD CONSTRAINT "LimitOverride_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Accounts made before sign-up was controlled stay active (the column default), and the oldest
-- signed-in account (not the local-mode user) becomes the instance admin.
UPDATE "User" SET "isAdmin" = true
WHERE id = (SELECT id FROM "User" WHERE id <> 'local' ORDER BY "createdAt" ASC, id ASC LIMIT 1);

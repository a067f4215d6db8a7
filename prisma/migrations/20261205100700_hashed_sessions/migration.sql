-- Sessions are stored as the SHA-256 of their token (lib/auth/hashed-sessions.ts). Existing
-- sessions are hashed in place, so nobody is signed out. sha256() is built into PostgreSQL 11+
-- (PGlite included), no pgcrypto needed. Hex, as Node's createHash("sha256").digest("hex").
-- (No semicolon in these comments: the driver adapter splits scripts on it.)
UPDATE "Session" SET "sessionToken" = encode(sha256(convert_to("sessionToken", 'UTF8')), 'hex');

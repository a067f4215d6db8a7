// Validates the environment before start-up; prints the sentence naming the bad variable.
import { EnvError, getEnv } from "../lib/env";

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[juxta] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

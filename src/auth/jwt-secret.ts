import { resolvePersistedSecret } from "../lib/persisted-secret.js";

/** The configured JWT secret, or outside production one generated once and kept in DATA_DIR/jwt-secret. */
export const resolveJwtSecret = (configured: string | undefined, dataDir: string): Promise<string> =>
  resolvePersistedSecret(configured, dataDir, "jwt-secret");

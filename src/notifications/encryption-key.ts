import { resolvePersistedSecret } from "../lib/persisted-secret.js";

/**
 * ENCRYPTION_KEY, or outside production one generated once and kept in DATA_DIR/encryption-key. Every process that
 * reads or sends channels (api, ingester) must end up with the same key: in a split deployment, set it.
 */
export const resolveEncryptionKey = (configured: string | undefined, dataDir: string): Promise<string> =>
  resolvePersistedSecret(configured, dataDir, "encryption-key");

import type { ChannelType } from "../db/schema/index.js";
import { ValidationError } from "../http/errors.js";
import { maskedValue, maskHeaders, unmaskHeaders } from "../monitors/secret-masking.js";
import { type ChannelTarget, channelConfigSchemas, secretFields } from "./channel-types.js";
import { type SecretBox, SecretBoxError } from "./secret-box.js";

// Between a channel's one `config` object (API, senders) and its two stored halves (plain settings, sealed secrets).

type Config = Record<string, unknown>;
type StoredChannel = {
  id: string;
  name: string;
  type: ChannelType;
  settings: Config;
  secrets: string | null;
};

const isRecord = (value: unknown): value is Record<string, string> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The config's secret fields sealed into one value (null when it has none), and the rest as plain settings. */
export function splitConfig(
  type: ChannelType,
  config: Config,
  box: SecretBox,
): { settings: Config; secrets: string | null } {
  const settings: Config = {};
  const secrets: Config = {};
  for (const [field, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (secretFields[type].includes(field)) secrets[field] = value;
    else settings[field] = value;
  }
  const sealed = Object.keys(secrets).length > 0 ? box.seal(JSON.stringify(secrets)) : null;
  return { settings, secrets: sealed };
}

/** Settings and decrypted secrets as one config object, as the user last saved it. */
export function storedConfig(row: StoredChannel, box: SecretBox): Config {
  const secrets = row.secrets === null ? {} : (JSON.parse(box.open(row.secrets)) as Config);
  return { ...row.settings, ...secrets };
}

/**
 * The stored config for the API, which must keep working when the secrets cannot be read (ENCRYPTION_KEY changed):
 * then only the settings, so the user can still see, fix or delete the channel by entering its secrets again.
 */
export function readableConfig(row: StoredChannel, box: SecretBox): Config {
  try {
    return storedConfig(row, box);
  } catch (err) {
    if (err instanceof SecretBoxError) return { ...row.settings };
    throw err;
  }
}

/** The channel ready to send through: config decrypted and parsed, so a sender gets its type's exact fields. */
export function channelTarget(row: StoredChannel, box: SecretBox): ChannelTarget {
  const parsed = channelConfigSchemas[row.type].safeParse(storedConfig(row, box));
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new Error(
      `The channel's saved config is not valid (${issue?.path.join(".")}: ${issue?.message}): edit it`,
    );
  }
  // The parsed config is the one of row.type, which TypeScript cannot follow through the lookup.
  return { id: row.id, name: row.name, type: row.type, config: parsed.data } as ChannelTarget;
}

/** The config as the API shows it: secret strings replaced by the mask, credential-like header values too. */
export function maskConfig(type: ChannelType, config: Config): Config {
  return Object.fromEntries(
    Object.entries(config).map(([field, value]) => {
      if (!secretFields[type].includes(field)) return [field, value];
      return [field, isRecord(value) ? maskHeaders(value) : maskedValue];
    }),
  );
}

/** An incoming config whose masked secrets (sent back as received) take their stored values. */
export function unmaskConfig(type: ChannelType, incoming: Config, stored: Config): Config {
  return Object.fromEntries(
    Object.entries(incoming).map(([field, value]) => {
      if (!secretFields[type].includes(field)) return [field, value];
      const current = stored[field];
      if (value === maskedValue) return [field, current ?? value];
      if (isRecord(value) && isRecord(current)) return [field, unmaskHeaders(value, current)];
      return [field, value];
    }),
  );
}

/** Validates a config against its type, as the route schema does for a new channel, with the same error shape. */
export function parseChannelConfig(type: ChannelType, config: Config): Config {
  const parsed = channelConfigSchemas[type].safeParse(config);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      in: "body",
      path: ["config", ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
    const [first] = details;
    throw new ValidationError(`Invalid body: ${first?.path}: ${first?.message}`, details);
  }
  const data: Config = parsed.data;
  const masked = secretFields[type].find((field) => data[field] === maskedValue);
  if (masked) {
    throw new ValidationError(
      `Invalid body: config.${masked}: ${maskedValue} stands for a stored secret, and none is stored`,
      [{ in: "body", path: `config.${masked}`, message: "no stored secret to keep" }],
    );
  }
  return data;
}

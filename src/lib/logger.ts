import { type DestinationStream, type Logger, pino } from "pino";

// Secrets never reach the logs: not in headers, cookies or the bodies some errors echo.
const redact = {
  paths: [
    "req.headers.authorization",
    "req.headers.cookie",
    'res.headers["set-cookie"]',
    "*.password",
    "*.token",
    "*.passwordHash",
    "*.jwtSecret",
  ],
  censor: "[redacted]",
};

/** JSON lines to stdout, or to the given stream (tests read what would have been logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino({ level, redact }, destination) : pino({ level, redact });
}

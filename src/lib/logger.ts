import { type Logger, pino } from "pino";

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

export function createLogger(level: string): Logger {
  return pino({ level, redact });
}

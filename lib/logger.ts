import pino from "pino";

// Connection URLs and passwords are never logged: redact by key wherever they appear.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { app: "syncdeck" },
  redact: {
    paths: ["url", "connectionUrl", "password", "secret", "token", "*.url", "*.connectionUrl", "*.password", "*.secret", "*.token"],
    censor: "[redacted]",
  },
});

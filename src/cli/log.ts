// Structured logs (pino) to stderr, one line per operation with its inputs and result; stdout is kept for
// the few lines a user or script reads (the readiness line).
import { pino, type Logger } from "pino";

export function createLogger(level: string): Logger {
  return pino({ level, base: null }, pino.destination(2));
}
export type { Logger };

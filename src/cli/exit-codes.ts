/** The CLI's exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** diagnostics, stale generated/ output, or a failed check */
  problems: 1,
  /** bad usage, or an environment problem (missing folder, no database) */
  usage: 2,
} as const;

/** The CLI's exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** diagnostics, stale generated/ output, a failed check, or an output folder holding files flowschema did not write */
  problems: 1,
  /** bad usage (an --out that is, holds or lies inside the definitions), or an environment problem (missing folder, no database) */
  usage: 2,
} as const;

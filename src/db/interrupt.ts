/**
 * What must be undone when a signal ends the process: scratch schemas a
 * drift check is building, the project's embedded server when this process
 * is its last user. Libraries register; the CLI, which owns the process,
 * runs them on SIGINT/SIGTERM (latest first) before it exits.
 */
const cleanups: Array<() => Promise<void>> = [];
let stopping = false;

/** Registers `cleanup` until the returned function is called. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.indexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

/** Runs every registered cleanup, latest first; one that fails does not stop the others. */
export async function runInterruptCleanups(): Promise<void> {
  stopping = true;
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // best effort: the next run removes what is left
    }
  }
}

/** True once a signal is ending the process: what fails from then on is the signal's doing, not news. */
export function interrupted(): boolean {
  return stopping;
}

let childInForeground = 0;

/**
 * While an interactive child (psql) runs in the terminal, Ctrl-C is the
 * child's (psql cancels the query): the CLI ignores SIGINT until `done`.
 */
export function childHasTerminal(): () => void {
  childInForeground++;
  let ended = false;
  return () => {
    if (!ended) childInForeground--;
    ended = true;
  };
}

/** True while childHasTerminal() holds: SIGINT is the child's. */
export function terminalIsChilds(): boolean {
  return childInForeground > 0;
}

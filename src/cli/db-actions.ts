/** The `db` command's actions: apart from db-command.ts, so that parsing argv loads nothing of the database layer. */
export const DB_ACTIONS = ['start', 'stop', 'status', 'url', 'psql', 'reset'] as const;
export type DbAction = (typeof DB_ACTIONS)[number];

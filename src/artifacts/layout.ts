/** Paths inside generated/, relative to it, always with forward slashes. */
export const layout = {
  manifest: (domain: string) => `${domain}/manifest.json`,
  flowDir: (domain: string, schema: string) => `${domain}/flows/${schema}`,
  migration: (domain: string, schema: string, id: string) => `${domain}/flows/${schema}/migrations/${id}.sql`,
  snapshot: (domain: string, schema: string) => `${domain}/flows/${schema}/snapshot.json`,
  client: (domain: string, schema: string) => `${domain}/flows/${schema}/client.ts`,
  component: (domain: string, kind: string, key: string) => `${domain}/components/${kind}/${key}.json`,
  migrationId: (sequence: number, version: string) => `${String(sequence).padStart(4, '0')}_${version}`,
};

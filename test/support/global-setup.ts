import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../../src/db/index.ts';
import { dockerAnswers } from './docker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL to a PostgreSQL server's maintenance database; each test file creates its own databases on it. */
    pgUrl: string;
    pgSource: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else a
 * testcontainers PostgreSQL when a Docker engine answers, else one embedded
 * PostgreSQL (data under the OS temp folder, removed afterwards).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('pgUrl', process.env.DATABASE_URL);
    project.provide('pgSource', 'DATABASE_URL');
    return async () => {};
  }
  if (await dockerAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15').start();
    project.provide('pgUrl', container.getConnectionUri());
    project.provide('pgSource', 'testcontainers');
    return async () => {
      await container.stop();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-test-pg-'));
  const server = await startEmbedded({ dir, persistent: false, fast: true });
  project.provide('pgUrl', server.url);
  project.provide('pgSource', 'embedded');
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

import { describe, expect, it } from 'vitest';
import { checkServerUrl } from '../../src/db/index.ts';

describe('DATABASE_URL', () => {
  it.each(['postgres://u:p@db.internal:5432/postgres', 'postgresql://u@127.0.0.1/postgres?sslmode=require', 'postgres:///postgres?host=/var/run/postgresql&port=5433'])('%s is a server URL', (url) => {
    expect(() => checkServerUrl(url)).not.toThrow();
  });
  it.each(['not a url', 'http://db.internal/postgres', 'postgres:///postgres', 'base'])('%s is refused in one line', (url) => {
    expect(() => checkServerUrl(url)).toThrow('DATABASE_URL is not a PostgreSQL URL: write it as postgres://user:password@host:port/database');
  });
});

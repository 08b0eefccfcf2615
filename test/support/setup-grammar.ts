import { loadSqlGrammar } from '../../src/model/index.ts';

// The compiler checks SQL with PostgreSQL's grammar, which loads asynchronously once per process.
await loadSqlGrammar();

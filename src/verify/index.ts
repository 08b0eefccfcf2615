export { verifyProject, verifyKey, type VerifyCache, type VerifyOptions, type VerifyResult } from './verify.ts';
export { flowChains, type FlowChain, type VerifyMigration } from './chains.ts';
export { VERIFY_CACHE_VERSION } from './cache-version.ts';

/**
 * Part of every verification key: bump it when what a verification checks
 * changes, and older entries never match again. Its own module so the CLI's
 * cache file can name it without loading the verification.
 */
export const VERIFY_CACHE_VERSION = 1;

/**
 * Part of every expected-fingerprint key: bump it when what a fingerprint
 * holds changes, and older cache entries never match again. Its own module
 * so the CLI's cache file can name it without loading the drift check.
 */
export const DRIFT_CACHE_VERSION = 5;

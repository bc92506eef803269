/**
 * Imported first by a test file under test/e2e/on-s3/: the e2e file it then
 * imports runs its services on the S3 driver, against an S3-compatible
 * server of its own on loopback (see store-under-test.ts).
 */
process.env.STORAGE_DRIVER_UNDER_TEST = 's3';

// request-timeout.test.ts with the audio store on an S3-compatible server instead of the disk.
import '../../support/on-s3';
import '../request-timeout.test';

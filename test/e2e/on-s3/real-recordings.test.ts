// real-recordings.test.ts with the audio store on an S3-compatible server: formats that only
// ffprobe reads are copied from the bucket for the upload check.
import '../../support/on-s3';
import '../real-recordings.test';

import { Module } from '@nestjs/common';
import { AtomicWrites } from '../database/atomic-writes';
import { AudioStorage } from './audio-storage';
import { Deployment } from './deployment';
import { IdempotencyKeys } from './idempotency-keys';
import { LeftoverFiles } from './leftover-files';
import { ProcessStore } from './process-store';
import { SubmissionRecords } from './submission-records';
import { UnrecordedAudio } from './unrecorded-audio';

@Module({
  providers: [AtomicWrites, AudioStorage, ProcessStore, IdempotencyKeys, UnrecordedAudio, SubmissionRecords, LeftoverFiles, Deployment],
  exports: [AudioStorage, ProcessStore, IdempotencyKeys, UnrecordedAudio, SubmissionRecords, Deployment],
})
export class StoreModule {}

import { Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage';
import { Deployment } from './deployment';
import { IdempotencyKeys } from './idempotency-keys';
import { LeftoverFiles } from './leftover-files';
import { ProcessStore } from './process-store';

@Module({
  providers: [AudioStorage, ProcessStore, IdempotencyKeys, LeftoverFiles, Deployment],
  exports: [AudioStorage, ProcessStore, IdempotencyKeys, Deployment],
})
export class StoreModule {}

import { Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage';
import { IdempotencyKeys } from './idempotency-keys';
import { LeftoverFiles } from './leftover-files';
import { ProcessStore } from './process-store';

@Module({
  providers: [AudioStorage, ProcessStore, IdempotencyKeys, LeftoverFiles],
  exports: [AudioStorage, ProcessStore, IdempotencyKeys],
})
export class StoreModule {}

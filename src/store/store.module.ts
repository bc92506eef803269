import { Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage';
import { IdempotencyKeys } from './idempotency-keys';
import { ProcessStore } from './process-store';

@Module({
  providers: [AudioStorage, ProcessStore, IdempotencyKeys],
  exports: [AudioStorage, ProcessStore, IdempotencyKeys],
})
export class StoreModule {}

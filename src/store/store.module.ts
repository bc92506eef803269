import { Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage';
import { ProcessStore } from './process-store';

@Module({
  providers: [AudioStorage, ProcessStore],
  exports: [AudioStorage, ProcessStore],
})
export class StoreModule {}

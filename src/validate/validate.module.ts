import { Module } from '@nestjs/common';
import { AudioInspector } from './audio-inspector';

@Module({ providers: [AudioInspector], exports: [AudioInspector] })
export class ValidateModule {}

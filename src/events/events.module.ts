import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HandlerDiscovery } from '../common/handler-discovery';
import { EventRelay } from './event-relay';
import { ProcessEvents } from './process-events';

/**
 * Process events and their relay, in every role: whichever node commits an
 * announced event dispatches it, so every subscriber (`@OnEvent`) must be
 * registered in both the API and the worker.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [HandlerDiscovery, ProcessEvents, EventRelay],
  exports: [HandlerDiscovery, ProcessEvents],
})
export class EventsModule {}

import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A method of a provider marked with a decorator's metadata, bound to its instance. */
export interface MarkedMethod<T> {
  /** The provider's class name and method, for messages. */
  name: string;
  mark: T;
  call: (...args: unknown[]) => unknown;
}

/** Finds, once the module graph is built, the provider methods and classes a decorator marked. */
@Injectable()
export class HandlerDiscovery {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Every method carrying `key`, with the value its decorator set. */
  methods<T>(key: string): MarkedMethod<T>[] {
    const found: MarkedMethod<T>[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = instance[method] as (...args: unknown[]) => unknown;
        const marks = Reflect.getMetadata(key, handler) as T[] | undefined;
        for (const mark of marks ?? []) found.push({ name: `${instance.constructor.name}.${method}`, mark, call: handler.bind(instance) });
      }
    }
    return found;
  }

  /** Every provider instance whose class carries `key`. */
  instances<T>(key: string): T[] {
    return this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.instance && wrapper.metatype && Reflect.getMetadata(key, wrapper.metatype))
      .map((wrapper) => wrapper.instance as T);
  }
}

/** A method decorator that adds `value` to the list kept under `key` (a method may carry several). */
export const markMethod =
  (key: string, value: unknown): MethodDecorator =>
  (_target, _property, descriptor) => {
    const method = descriptor.value as object;
    const marks = (Reflect.getMetadata(key, method) as unknown[] | undefined) ?? [];
    Reflect.defineMetadata(key, [...marks, value], method);
    return descriptor;
  };

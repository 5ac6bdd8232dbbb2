import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * Nest's Reflector, with each route's answer to getAllAndOverride(key, [handler, class]) kept after the first
 * request: decorators write route metadata when the classes are defined, and it does not change afterwards. The
 * global guards (authentication, rate limits, roles) asked about a dozen such questions on every request, each two
 * metadata lookups up the prototype chain. Provided in place of Reflector only to those guards' modules.
 */
export class MemoizedReflector extends Reflector {
  private readonly answers = new Map<unknown, WeakMap<object, WeakMap<object, unknown>>>();

  override getAllAndOverride<TResult = unknown, TKey = unknown>(
    metadataKey: TKey,
    targets: (Type | ((...args: never[]) => unknown))[],
  ): TResult {
    const [handler, controller] = targets;
    if (targets.length !== 2 || typeof metadataKey === 'function') return super.getAllAndOverride(metadataKey, targets);
    let byHandler = this.answers.get(metadataKey);
    if (!byHandler) this.answers.set(metadataKey, (byHandler = new WeakMap()));
    let byController = byHandler.get(handler);
    if (!byController) byHandler.set(handler, (byController = new WeakMap()));
    if (!byController.has(controller))
      byController.set(controller, super.getAllAndOverride<unknown, TKey>(metadataKey, targets));
    return byController.get(controller) as TResult;
  }
}

/** The provider that puts it in place of Reflector within one module. */
export const MEMOIZED_REFLECTOR = { provide: Reflector, useClass: MemoizedReflector };

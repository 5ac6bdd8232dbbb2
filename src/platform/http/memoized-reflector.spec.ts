import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';
import { MemoizedReflector } from './memoized-reflector';

@SetMetadata('role', 'class')
class Controller {
  @SetMetadata('role', 'handler')
  marked(this: void) {}

  plain(this: void) {}
}

class Sub extends Controller {}

describe('memoized reflector', () => {
  const handlers = Controller.prototype;

  it('answers as Nest does: the handler over the class, undefined where neither says', () => {
    const memoized = new MemoizedReflector();
    const nest = new Reflector();
    for (const key of ['role', 'other'])
      for (const handler of [handlers.marked, handlers.plain])
        for (const target of [Controller, Sub])
          expect(memoized.getAllAndOverride(key, [handler, target])).toEqual(
            nest.getAllAndOverride(key, [handler, target]),
          );
  });

  it('reads each route once, also an answer of undefined', () => {
    const memoized = new MemoizedReflector();
    const read = vi.spyOn(Reflector.prototype, 'getAllAndOverride');
    for (let i = 0; i < 3; i++) {
      memoized.getAllAndOverride('role', [handlers.marked, Controller]);
      memoized.getAllAndOverride('other', [handlers.plain, Controller]);
    }
    expect(read).toHaveBeenCalledTimes(2);
    read.mockRestore();
  });
});

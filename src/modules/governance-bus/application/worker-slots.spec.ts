import { describe, expect, it } from 'vitest';
import { WorkerSlots } from './worker-slots';

describe('WorkerSlots', () => {
  it('hands out as many slots as it has, and tells when one is free again', () => {
    let freed = 0;
    const slots = new WorkerSlots(2, () => freed++);
    expect([slots.tryTake(), slots.tryTake(), slots.tryTake()]).toEqual([true, true, false]);
    slots.give();
    expect(freed).toBe(1);
    expect(slots.tryTake()).toBe(true);
  });

  it('gives a slot back to a queue job waiting for one first, in the order they asked', async () => {
    let freed = 0;
    const slots = new WorkerSlots(1, () => freed++);
    slots.tryTake();
    const order: string[] = [];
    const first = slots.take().then(() => order.push('first'));
    const second = slots.take().then(() => order.push('second'));
    slots.give();
    await first;
    expect(order).toEqual(['first']);
    expect(slots.tryTake()).toBe(false);
    slots.give();
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(freed).toBe(0);
    slots.give();
    expect(freed).toBe(1);
  });

  it('is mostly busy once more than half of its slots are taken', () => {
    const slots = new WorkerSlots(4, () => undefined);
    slots.tryTake();
    slots.tryTake();
    expect(slots.mostlyBusy).toBe(false);
    slots.tryTake();
    expect(slots.mostlyBusy).toBe(true);
  });
});

/**
 * The delivery batches one instance runs at once (each holds a database connection), shared by the
 * queue's worker and the hand-off of deliveries committed here. A slot given back goes first to a
 * queue job waiting for one, otherwise `onFree` is told.
 */
export class WorkerSlots {
  private busy = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly onFree: () => void,
  ) {}

  /** More than half of the slots are busy. */
  get mostlyBusy(): boolean {
    return this.busy * 2 > this.size;
  }

  tryTake(): boolean {
    if (this.busy >= this.size) return false;
    this.busy++;
    return true;
  }

  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  give(): void {
    const waiter = this.waiters.shift();
    if (waiter) return waiter(); // the slot passes on, still busy
    this.busy--;
    this.onFree();
  }
}

/**
 * The NATS connections of this process (the bus's broker; the calls' client and server), as each
 * last reported itself: readiness is down while any is disconnected (ADR 0037).
 */
export class NatsLinks {
  private readonly connected = new Map<string, boolean>();

  report(link: string, connected: boolean): void {
    this.connected.set(link, connected);
  }

  /** Why NATS is not usable from here, or undefined when every link is connected. */
  get trouble(): string | undefined {
    if (!this.connected.size) return 'not connected yet';
    const down = [...this.connected].filter(([, connected]) => !connected).map(([link]) => link);
    return down.length ? `disconnected: ${down.join(', ')}` : undefined;
  }
}

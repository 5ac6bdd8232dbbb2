import {
  BRIDGE_VERSION,
  type BridgeError,
  type BridgeMethod,
  parseRequest,
} from '../../../../src/shared/contracts/sdk/bridge';

/** A refusal to answer a call with: one of the bridge's error codes and a sentence. */
export class BridgeFailure extends Error {
  constructor(
    readonly code: BridgeError['code'],
    message: string,
  ) {
    super(message);
  }
}

export type Handlers = { [M in BridgeMethod]: (params: any) => Promise<unknown> };

const MAX_IN_FLIGHT = 16;

/**
 * The shell's end of one frame's bridge. It hands the frame a MessagePort once, after the frame's
 * first load, and from then on hears only that port: nothing posted on `window` is ever read.
 * Every message is validated against the wire schema and treated as data; a frame that keeps too
 * many calls open is told RATE_LIMITED.
 */
export class BridgeHost {
  private readonly channel = new MessageChannel();
  private inFlight = 0;
  private closed = false;

  constructor(private readonly handlers: Handlers) {
    this.channel.port1.onmessage = (event) => void this.receive(event.data);
  }

  connect(frame: HTMLIFrameElement): void {
    // The frame's origin is opaque ("null"), so the target origin can only be '*'; the port is what binds it.
    frame.contentWindow?.postMessage({ superapp: 'connect', v: BRIDGE_VERSION }, '*', [this.channel.port2]);
  }

  close(): void {
    this.closed = true;
    this.channel.port1.close();
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseRequest(data);
    if (!parsed.ok) {
      if (parsed.id !== null) this.reply({ v: BRIDGE_VERSION, id: parsed.id, error: parsed.error });
      return;
    }
    const { id, method, params } = parsed.request;
    if (this.inFlight >= MAX_IN_FLIGHT)
      return this.reply({
        v: BRIDGE_VERSION,
        id,
        error: { code: 'RATE_LIMITED', message: `at most ${MAX_IN_FLIGHT} calls may be open at once` },
      });
    this.inFlight++;
    try {
      const result = await this.handlers[method](params);
      this.reply({ v: BRIDGE_VERSION, id, result: result ?? null });
    } catch (error) {
      const failure =
        error instanceof BridgeFailure
          ? error
          : new BridgeFailure('UNAVAILABLE', 'the platform could not complete the call');
      this.reply({ v: BRIDGE_VERSION, id, error: { code: failure.code, message: failure.message } });
    } finally {
      this.inFlight--;
    }
  }

  private reply(message: unknown): void {
    if (!this.closed) this.channel.port1.postMessage(message);
  }
}

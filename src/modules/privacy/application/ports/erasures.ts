export interface ErasureStep {
  module: string;
  erasedAt: Date | null;
}

export interface Erasure {
  id: string;
  requestedAt: Date;
  completedAt: Date | null;
  steps: ErasureStep[];
}

/** Erasure requests and each module's confirmation; joins the caller's unit of work. */
export abstract class Erasures {
  /** Records a request with a step per module; false when the person has one open already. */
  abstract insert(erasure: {
    id: string;
    userId: string;
    requestedAt: Date;
    modules: readonly string[];
  }): Promise<boolean>;
  abstract openFor(userId: string): Promise<Erasure | null>;
  abstract find(id: string): Promise<Erasure | null>;
  /**
   * Notes a module's confirmation (the first one counts); when it was the last step, completes the
   * erasure and forgets whose it was. Returns the erasure as it is now (null: unknown id).
   */
  abstract confirm(id: string, module: string, at: Date): Promise<{ erasure: Erasure; completedNow: boolean } | null>;
}

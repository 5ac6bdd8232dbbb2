import { api, ApiError, newIdempotencyKey } from '../api';

/** What the shell shows of a saved card; the number, the CVC and the provider's token never leave the wallet. */
export interface Card {
  id: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** How a card is named to the person: "Visa •••• 4242". */
export const cardLabel = (card: { brand?: string | null; last4?: string | null }) =>
  `${card.brand ? card.brand[0].toUpperCase() + card.brand.slice(1) : 'Card'} •••• ${card.last4 ?? '????'}`;

export interface NewCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName?: string;
}

export interface Money {
  amount: number;
  currency: string;
}

/** A movement the person confirmed, as the wallet answered it (POST /wallet/top-ups, /wallet/transfers). */
export interface Movement {
  id: string;
}

/** How a money sheet ended: the movement, 'unclear' (it may have moved, no answer said so) or null (the person cancelled). */
export type MovementOutcome = Movement | 'unclear' | null;

/** The top-up sheet: the amount the mini-app asks for, the person's cards, and the calls its buttons make. */
export interface TopUpOffer {
  money: Money;
  cards: Card[];
  addCard(card: NewCard): Promise<Card>;
  submit(instrumentId: string): Promise<Movement>;
}

/** The transfer sheet: who (as the platform knows them, resolved from the mini-app's id), how much, and what is there to send. */
export interface TransferOffer {
  money: Money;
  note?: string;
  recipient: { displayName: string };
  balance: Money | null;
  submit(): Promise<Movement>;
}

interface Account {
  kind: 'user' | 'merchant' | 'system';
  currency: string;
  balance: { posted: number; available: number };
}

interface StatementLine {
  transferId: string;
  type: string;
  amount: number;
  currency: string;
  note: string | null;
  createdAt: string;
}

/**
 * One Idempotency-Key per attempt at the same request: kept while its outcome is unknown (no
 * answer, 5xx, still running), so sending it again cannot move the money twice; dropped after a
 * definite refusal, so that trying again (another card, after a top-up) is a new request.
 */
export function idempotentAttempts() {
  const keys = new Map<string, string>();
  return async <T>(request: string, send: (key: string) => Promise<T>): Promise<T> => {
    const key = keys.get(request) ?? newIdempotencyKey();
    keys.set(request, key);
    try {
      return await send(key);
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 409)
        keys.delete(request);
      throw error;
    }
  };
}

/**
 * The person's own wallet as the shell reads it with their session, shaped for a mini-app: no
 * account ids, user ids or instruments, only what the SDK's types promise.
 */
export const walletReads = {
  async balances(): Promise<{ items: Money[] }> {
    const { items } = await api<{ items: Account[] }>('/wallet/accounts');
    return {
      items: items.filter((a) => a.kind === 'user').map((a) => ({ amount: a.balance.available, currency: a.currency })),
    };
  },

  async balanceIn(currency: string): Promise<Money | null> {
    return (await walletReads.balances()).items.find((b) => b.currency === currency) ?? null;
  },

  async statement(cursor?: string) {
    const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
    const page = await api<{ items: StatementLine[]; nextCursor: string | null }>(`/wallet/transactions?${query}`);
    return {
      items: page.items.map((line) => ({
        id: line.transferId,
        type: line.type,
        direction: line.amount > 0 ? ('in' as const) : ('out' as const),
        amount: Math.abs(line.amount),
        currency: line.currency,
        createdAt: line.createdAt,
        note: line.note,
      })),
      nextCursor: page.nextCursor,
    };
  },

  async cards(): Promise<Card[]> {
    const { items } = await api<{ items: Array<Card & { kind: string }> }>('/wallet/instruments');
    return items
      .filter((i) => i.kind === 'card')
      .map(({ id, brand, last4, expMonth, expYear }) => ({ id, brand, last4, expMonth, expYear }));
  },
};

/** Adds a card for the person (checked and tokenized by the wallet). */
export async function addCard(card: NewCard): Promise<Card> {
  const { id, brand, last4, expMonth, expYear } = await api<Card>('/wallet/instruments/cards', { body: card });
  return { id, brand, last4, expMonth, expYear };
}

export const postMovement = (path: string, body: unknown, key: string): Promise<Movement> =>
  api<Movement>(path, { body, headers: { 'idempotency-key': key } });

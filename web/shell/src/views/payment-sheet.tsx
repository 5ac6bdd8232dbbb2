import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey } from '../api';
import { cardLabel, idempotentAttempts } from '../runner/wallet';
import { ErrorNote } from '../ui/error-note';
import { type Checkout, PAID_STATES, type PaymentOutcome } from '../checkout';
import { formatMoney } from '../money';
import { Sheet } from '../ui/sheet';
import { useAction } from '../ui/use-action';

interface Card {
  id: string;
  kind: string;
  brand?: string;
  last4?: string;
}

/**
 * The shell's payment sheet, which no frame can draw over: who is paid, how much, for what, and the
 * person's balance. When the balance is short, a top-up from a saved card comes first. "Pay" sends
 * the confirmation once, under one Idempotency-Key for the whole sheet, so a retry never pays twice.
 */
export function PaymentSheet({
  checkout,
  launchId,
  onDone,
}: {
  checkout: Checkout;
  launchId: string;
  onDone: (outcome: PaymentOutcome | ApiError | null) => void;
}) {
  const [balance, setBalance] = useState<number | null>(null);
  const [cards, setCards] = useState<Card[]>([]);
  const { busy, error, run, unclear } = useAction();
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const confirmKey = useRef(newIdempotencyKey());
  // One key per card until a definite refusal: a top-up retried after a timeout never charges twice.
  const topUpAttempts = useRef(idempotentAttempts());
  const price = formatMoney(checkout.amount, checkout.currency);

  const loadBalance = async () => {
    const accounts = await api<{ items: Array<{ kind: string; currency: string; balance: { available: number } }> }>(
      '/wallet/accounts',
    );
    setBalance(
      accounts.items.find((a) => a.kind === 'user' && a.currency === checkout.currency)?.balance.available ?? 0,
    );
  };
  useEffect(() => {
    loadBalance().catch((e: ApiError) => setLoadError(e));
    api<{ items: Card[] }>('/wallet/instruments')
      .then((found) => setCards(found.items.filter((i) => i.kind === 'card')))
      .catch(() => setCards([]));
  }, []);

  const shownError = error ?? loadError;
  const shortBy = balance === null ? 0 : Math.max(0, checkout.amount - balance);
  const topUp = (card: Card) =>
    run(async () => {
      const body = { instrumentId: card.id, amount: shortBy, currency: checkout.currency };
      await topUpAttempts.current(JSON.stringify(body), (key) =>
        api('/wallet/top-ups', { body, headers: { 'idempotency-key': key } }),
      );
      await loadBalance();
    });
  const pay = () =>
    run(
      async () => {
        try {
          onDone(
            await api<PaymentOutcome>(`/payments/orders/${encodeURIComponent(checkout.orderId)}/confirm`, {
              body: { launchId },
              headers: { 'idempotency-key': confirmKey.current },
            }),
          );
        } catch (e) {
          // The order cannot be paid (expired, paid already): the mini-app is told; anything else the person may retry.
          if (e instanceof ApiError && (e.status === 409 || e.status === 422 || e.status === 404)) return onDone(e);
          throw e;
        }
      },
      { movesMoney: true },
    );
  // Pay got no clear answer: before saying "cancelled", the sheet asks the platform whether the order was paid.
  const close = async () => {
    if (!unclear.current) return onDone(null);
    const order = await run(() =>
      api<Checkout>(
        `/payments/orders/${encodeURIComponent(checkout.orderId)}/checkout?launchId=${encodeURIComponent(launchId)}`,
      ),
    );
    // Still no answer: the mini-app hears that the platform could not say (UNAVAILABLE), never that the person cancelled.
    if (!order) return onDone(new ApiError({ status: 0, detail: 'whether the order was paid could not be read' }));
    onDone(PAID_STATES.has(order.state) ? { orderId: order.orderId, state: 'paid', reason: null } : null);
  };

  return (
    // While a top-up or the confirmation is on its way, Escape does nothing: "cancelled" must never hide a payment.
    <Sheet title={`Pay ${checkout.merchantName}`} busy={busy} onClose={() => void close()}>
      <p class="amount" aria-label="Amount">
        {price}
      </p>
      <p>{checkout.description}</p>
      <p aria-live="polite">Your balance: {balance === null ? '…' : formatMoney(balance, checkout.currency)}</p>
      {shortBy > 0 && (
        <div role="group" aria-label="Top up">
          <p>Your balance is {formatMoney(shortBy, checkout.currency)} short.</p>
          {cards.length === 0 ? (
            <p class="quiet">Add a card to your wallet to top up.</p>
          ) : (
            cards.map((card) => (
              <button type="button" class="secondary" key={card.id} disabled={busy} onClick={() => topUp(card)}>
                Top up {formatMoney(shortBy, checkout.currency)} from {cardLabel(card)}
              </button>
            ))
          )}
        </div>
      )}
      {shownError && <ErrorNote error={shownError} />}
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => void close()}>
          Cancel
        </button>
        <button type="button" disabled={busy || balance === null || shortBy > 0} onClick={pay}>
          Pay {price}
        </button>
      </div>
    </Sheet>
  );
}

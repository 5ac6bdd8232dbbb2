import { useState } from 'preact/hooks';
import { formatMoney } from '../money';
import {
  cardLabel,
  type Movement,
  type MovementOutcome,
  type NewCard,
  type TopUpOffer,
  type TransferOffer,
} from '../runner/wallet';
import { ErrorNote } from '../ui/error-note';
import { textField } from '../ui/form-field';
import { Sheet } from '../ui/sheet';
import { useAction } from '../ui/use-action';

type Finish = (outcome: MovementOutcome) => void;

/**
 * A money sheet's action and its close: the movement, once confirmed, finishes the sheet; closing it
 * after a request that got no clear answer says 'unclear', never "cancelled" (the money may have moved).
 */
function useMovement(onFinish: Finish) {
  const { busy, error, run, unclear } = useAction();
  const move = async (submit: () => Promise<Movement>) => {
    const done = await run(submit, { movesMoney: true });
    if (done) onFinish(done);
  };
  const close = () => onFinish(unclear.current ? 'unclear' : null);
  return { busy, error, run, move, close };
}

/** A top-up the mini-app asked for: the amount, the card it comes from (or a new one), and the person's confirm. */
export function TopUpSheet({ app, offer, onFinish }: { app: string; offer: TopUpOffer; onFinish: Finish }) {
  const [cards, setCards] = useState(offer.cards);
  const [cardId, setCardId] = useState(offer.cards[0]?.id ?? '');
  const { busy, error, run, move, close } = useMovement(onFinish);
  const amount = formatMoney(offer.money.amount, offer.money.currency);

  const addCard = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const [month, year] = textField(form, 'expiry')
      .split('/')
      .map((part) => Number(part.trim()));
    const card: NewCard = {
      number: textField(form, 'number'),
      expMonth: month,
      expYear: year < 100 ? 2000 + year : year,
      cvc: textField(form, 'cvc'),
    };
    const added = await run(() => offer.addCard(card));
    if (added) {
      setCards([...cards, added]);
      setCardId(added.id);
    }
  };

  return (
    <Sheet title={`Top up ${amount}?`} busy={busy} onClose={close}>
      <p>
        {app} asks you to add <strong>{amount}</strong> to your wallet.
      </p>
      {cards.length > 0 && (
        <label>
          From card
          <select value={cardId} onChange={(e) => setCardId(e.currentTarget.value)}>
            {cards.map((card) => (
              <option key={card.id} value={card.id}>
                {cardLabel(card)}
              </option>
            ))}
          </select>
        </label>
      )}
      <details open={cards.length === 0}>
        <summary>Add a card</summary>
        <form onSubmit={addCard}>
          <label>
            Card number
            <input name="number" inputMode="numeric" autoComplete="cc-number" required pattern="[0-9 \-]{12,23}" />
          </label>
          <label>
            Expiry (MM/YY)
            <input
              name="expiry"
              autoComplete="cc-exp"
              required
              pattern="\s*(0?[1-9]|1[0-2])\s*/\s*([0-9]{2}|[0-9]{4})\s*"
            />
          </label>
          <label>
            Security code
            <input name="cvc" inputMode="numeric" autoComplete="cc-csc" required pattern="[0-9]{3,4}" />
          </label>
          <button type="submit" class="secondary" disabled={busy}>
            Save card
          </button>
        </form>
      </details>
      {error && <ErrorNote error={error} />}
      <p class="quiet">{app} sees only that you topped up, never your card.</p>
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={close}>
          Cancel
        </button>
        <button type="button" onClick={() => move(() => offer.submit(cardId))} disabled={busy || !cardId}>
          Top up {amount}
        </button>
      </div>
    </Sheet>
  );
}

/** A transfer the mini-app asked for: to whom (as the platform knows them), how much, from the wallet's balance. */
export function TransferSheet({ app, offer, onFinish }: { app: string; offer: TransferOffer; onFinish: Finish }) {
  const { busy, error, move, close } = useMovement(onFinish);
  const amount = formatMoney(offer.money.amount, offer.money.currency);
  return (
    <Sheet title={`Send ${amount} to ${offer.recipient.displayName}?`} busy={busy} onClose={close}>
      <dl class="facts">
        <dt>To</dt>
        <dd>{offer.recipient.displayName}</dd>
        <dt>Amount</dt>
        <dd>{amount}</dd>
        {offer.note && (
          <>
            <dt>Note</dt>
            <dd>{offer.note}</dd>
          </>
        )}
        <dt>From</dt>
        <dd>
          Your wallet{offer.balance ? ` (${formatMoney(offer.balance.amount, offer.balance.currency)} available)` : ''}
        </dd>
      </dl>
      {error && <ErrorNote error={error} />}
      <p class="quiet">Asked by {app}. The money moves only when you confirm.</p>
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={close}>
          Cancel
        </button>
        <button type="button" onClick={() => move(() => offer.submit())} disabled={busy}>
          Send {amount}
        </button>
      </div>
    </Sheet>
  );
}

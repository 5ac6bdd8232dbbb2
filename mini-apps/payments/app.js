// Payments: the platform's own wallet mini-app, built with the SDK only, as any developer would.
// Balance and statement (scope `wallet.read`), top-ups and transfers (scope `wallet.transfer`): the
// platform asks the person to confirm each movement in a sheet of its own. A recipient is named by
// this mini-app's id for them: picked with chooseContact(), or the payment code they show you.
const startedAt = performance.now();
const $ = (id) => document.getElementById(id);
let recipient = null;
let cursor = null;

function say(text) {
  $('status').textContent = text;
}

function explain(error) {
  if (error.code === 'PERMISSION_DENIED')
    return 'Payments needs your permission for that; you can change it in the menu.';
  if (error.code === 'USER_CANCELLED') return 'Cancelled: no money moved.';
  if (error.code === 'NOT_FOUND') return 'Nobody has this payment code.';
  if (error.code === 'INVALID_PARAMS') return 'That did not work: ' + error.message;
  // The money may have moved all the same: sending again could pay twice.
  if (error.code === 'UNAVAILABLE')
    return 'We could not tell whether that went through: check your statement before trying again.';
  return 'Something went wrong (' + (error.code || 'error') + '). Try again.';
}

function digitsOf(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency }).resolvedOptions().maximumFractionDigits;
}

function money(amount, currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency }).format(
    amount / Math.pow(10, digitsOf(currency)),
  );
}

/** "12.5" EUR is 1250 minor units: read as text, never through floating point. */
function minorUnits(text, currency) {
  const digits = digitsOf(currency);
  const match = /^\s*(\d{1,9})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match || (match[2] || '').length > digits) return null;
  const amount = Number(match[1]) * Math.pow(10, digits) + Number((match[2] || '').padEnd(digits, '0') || 0);
  return amount > 0 ? amount : null;
}

function field(form, name) {
  return $(form).querySelector('[name="' + name + '"]');
}

async function showBalances() {
  const { items } = await superapp.wallet.getBalances();
  const list = $('balances');
  list.replaceChildren();
  for (const balance of items.length ? items : [{ amount: 0, currency: 'EUR' }]) {
    const item = document.createElement('li');
    item.textContent = money(balance.amount, balance.currency);
    list.append(item);
  }
}

const KINDS = { 'top-up': 'Top-up', p2p: 'Transfer', payment: 'Payment', refund: 'Refund' };

async function showStatement(more) {
  const page = await superapp.wallet.getStatement(more && cursor ? { cursor: cursor } : undefined);
  const list = $('statement');
  if (!more) list.replaceChildren();
  for (const line of page.items) {
    const item = document.createElement('li');
    const what = document.createElement('span');
    what.textContent =
      (KINDS[line.type] || line.type) +
      (line.note ? ' · ' + line.note : '') +
      ' · ' +
      new Date(line.createdAt).toLocaleDateString('en');
    const amount = document.createElement('strong');
    amount.className = line.direction;
    amount.textContent = (line.direction === 'in' ? '+' : '−') + money(line.amount, line.currency);
    item.append(what, amount);
    list.append(item);
  }
  cursor = page.nextCursor;
  $('more').hidden = !cursor;
}

async function refresh() {
  try {
    await Promise.all([showBalances(), showStatement(false)]);
  } catch (error) {
    say(explain(error));
  }
}

async function topUp() {
  const currency = field('top-up', 'currency').value;
  const amount = minorUnits(field('top-up', 'amount').value, currency);
  if (!amount) return say('Enter an amount, such as 20.00.');
  try {
    await superapp.requestTopUp({ amount: amount, currency: currency });
    field('top-up', 'amount').value = '';
    await refresh();
    say('Topped up ' + money(amount, currency) + '.');
  } catch (error) {
    say(explain(error));
  }
}

async function pickContact() {
  try {
    recipient = await superapp.chooseContact();
    $('recipient-name').textContent = recipient.displayName;
    field('send', 'code').value = '';
  } catch (error) {
    say(explain(error));
  }
}

async function send() {
  const code = field('send', 'code').value.trim();
  const to = code || (recipient && recipient.openid);
  const currency = field('send', 'currency').value;
  const amount = minorUnits(field('send', 'amount').value, currency);
  if (!to) return say('Pick a contact or enter their payment code.');
  if (!amount) return say('Enter an amount, such as 5.00.');
  const note = field('send', 'note').value.trim();
  try {
    await superapp.requestTransfer(
      note
        ? { to: to, amount: amount, currency: currency, note: note }
        : { to: to, amount: amount, currency: currency },
    );
    field('send', 'amount').value = '';
    field('send', 'note').value = '';
    await refresh();
    say('Sent ' + money(amount, currency) + '.');
  } catch (error) {
    say(explain(error));
  }
}

/** Your payment code is your id in this mini-app: launchData's subject (the platform signs it; shown here, not trusted). */
async function showMyCode() {
  const { launchData } = await superapp.getLaunchData();
  const payload = launchData.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  $('my-code').textContent = JSON.parse(atob(payload)).sub;
}

$('top-up-go').addEventListener('click', topUp);
$('pick').addEventListener('click', pickContact);
$('send-go').addEventListener('click', send);
$('more').addEventListener('click', () => showStatement(true).catch((error) => say(explain(error))));
showMyCode().catch(() => say('Your payment code is not available right now.'));
refresh()
  .then(() => superapp.reportLoadTime(Math.round(performance.now() - startedAt)))
  .catch(() => undefined);

/**
 * The SDK calls that need a manifest scope (docs: the SDK surface, /work/shared/SDK.md), by their
 * path below `superapp` (`wallet.getBalances` is `superapp.wallet.getBalances`).
 */
export const SDK_CALL_SCOPES: ReadonlyMap<string, string> = new Map([
  ['getUserProfile', 'user.profile'],
  ['getLocation', 'location'],
  ['chooseImage', 'camera'],
  ['openCamera', 'camera'],
  ['chooseContact', 'contacts'],
  ['requestPayment', 'payments'],
  ['wallet.getBalances', 'wallet.read'],
  ['wallet.getStatement', 'wallet.read'],
  ['requestTransfer', 'wallet.transfer'],
  ['requestTopUp', 'wallet.transfer'],
]);

export const SDK_GLOBAL = 'superapp';

/** The SDK calls that need a manifest scope (docs: the SDK surface, /work/shared/SDK.md). */
export const SDK_CALL_SCOPES: ReadonlyMap<string, string> = new Map([
  ['getUserProfile', 'user.profile'],
  ['getLocation', 'location'],
  ['chooseImage', 'camera'],
  ['openCamera', 'camera'],
  ['chooseContact', 'contacts'],
  ['requestPayment', 'payments'],
]);

export const SDK_GLOBAL = 'superapp';

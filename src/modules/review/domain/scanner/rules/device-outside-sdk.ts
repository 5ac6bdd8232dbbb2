import type { GlobalApiRule } from '../javascript/global-api-catalog';
import type { JavaScriptRule } from '../javascript/javascript-rule';

/** Device APIs the host brokers through the SDK, asking the user and checking the manifest's scopes. */
const DEVICE_APIS: ReadonlyArray<readonly [path: string, instead: string]> = [
  ['navigator.geolocation', 'superapp.getLocation'],
  ['navigator.mediaDevices', 'superapp.openCamera'],
  ['navigator.getUserMedia', 'superapp.openCamera'],
  ['navigator.webkitGetUserMedia', 'superapp.openCamera'],
  ['navigator.mozGetUserMedia', 'superapp.openCamera'],
  ['navigator.contacts', 'superapp.chooseContact'],
  ['showOpenFilePicker', 'superapp.chooseImage'],
  ['showSaveFilePicker', 'the SDK'],
  ['showDirectoryPicker', 'the SDK'],
];

// Location, camera, contacts and files are reached only through the SDK, which asks the user and enforces the scopes.
const globalApis: readonly GlobalApiRule[] = DEVICE_APIS.map(([path, instead]) => ({
  path,
  misuse: 'access' as const,
  ruleId: 'device-outside-sdk' as const,
  message: `uses ${path}, a device API outside the SDK (use ${instead})`,
}));

export const deviceOutsideSdkRule: JavaScriptRule = { globalApis };

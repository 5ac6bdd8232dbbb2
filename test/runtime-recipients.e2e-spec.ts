import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import {
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { walletUser, type WalletUser } from './support/wallet-fixtures';

const WALLET = [
  { scope: 'wallet.read', purpose: 'Show your balance and statement' },
  { scope: 'wallet.transfer', purpose: 'Send money when you confirm' },
];

describe('runtime: the recipient of superapp.requestTransfer', () => {
  let world: RuntimeWorld;
  let ada: WalletUser;
  let grace: WalletUser;
  let finance: string;
  let other: string;
  beforeAll(async () => {
    world = await startRuntimeWorld();
    [ada, grace] = await Promise.all([
      walletUser(world.t.http, { displayName: 'Ada' }),
      walletUser(world.t.http, { displayName: 'Grace' }),
    ]);
    [finance, other] = await Promise.all([
      publishMiniApp(world, { category: 'finance', permissions: WALLET }),
      publishMiniApp(world, { category: 'finance', permissions: WALLET }),
    ]);
  });
  afterAll(() => world?.t.close());

  const grant = (user: WalletUser, slug: string, decision = 'granted') =>
    world.t.http.request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/wallet.transfer`,
      { decision },
      { token: user.accessToken },
    );
  const find = (user: WalletUser, launchId: string, openid: string) =>
    world.t.http.post(`/runtime/launches/${launchId}/recipients`, { openid }, { token: user.accessToken });
  const openidOf = async (user: WalletUser, slug: string) =>
    (await verifiedLaunchData(world.t.http, (await launch(world.t.http, user, slug)).launchData, slug)).sub as string;

  it("tells the shell who the mini-app's id names, once the user allowed wallet.transfer", async () => {
    const graceInFinance = await openidOf(grace, finance);
    const { launchId } = await launch(world.t.http, ada, finance);
    expectProblem(await find(ada, launchId, graceInFinance), 403, 'permission-denied');
    await grant(ada, finance);
    const found = await find(ada, launchId, graceInFinance);
    expect(found.status, found.text).toBe(200);
    expect(found.body).toEqual({ userId: grace.id, displayName: 'Grace' });
  });

  it("resolves no id of another mini-app, no unknown id and not the caller's own", async () => {
    await Promise.all([grant(ada, finance), grant(ada, other)]);
    const graceInOther = await openidOf(grace, other);
    const adaInFinance = await openidOf(ada, finance);
    const { launchId } = await launch(world.t.http, ada, finance);
    expectProblem(await find(ada, launchId, graceInOther), 404, 'recipient-not-found');
    expectProblem(await find(ada, launchId, grace.id), 404, 'recipient-not-found');
    expectProblem(await find(ada, launchId, adaInFinance), 422, 'recipient-is-you');
    expectProblem(await find(ada, launchId, ''), 400, 'validation');
  });

  it("refuses the mini-app's own developer as a recipient: a mini-app takes money by payment, never by a transfer to a person", async () => {
    await grant(ada, finance);
    const developerInFinance = await openidOf(world.developer as WalletUser, finance);
    const { launchId } = await launch(world.t.http, ada, finance);
    expectProblem(await find(ada, launchId, developerInFinance), 422, 'recipient-is-developer');
  });

  it("answers another user's launch as if it did not exist", async () => {
    const { launchId } = await launch(world.t.http, ada, finance);
    expectProblem(await find(grace, launchId, await openidOf(ada, finance)), 404, 'not-found');
  });
});

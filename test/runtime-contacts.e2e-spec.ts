import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import {
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { waitFor } from './support/wait-for';
import { fund, moneyPost, walletUser, type WalletUser } from './support/wallet-fixtures';

const CONTACTS = { scope: 'contacts', purpose: 'Split a bill with someone you know' };

describe('runtime: chooseContact', () => {
  let world: RuntimeWorld;
  let ada: WalletUser;
  let grace: WalletUser;
  let stranger: WalletUser;
  let slug: string;
  beforeAll(async () => {
    world = await startRuntimeWorld();
    [ada, grace, stranger] = await Promise.all([
      walletUser(world.t.http, { displayName: 'Ada' }),
      walletUser(world.t.http, { displayName: 'Grace' }),
      walletUser(world.t.http, { displayName: 'Stranger' }),
    ]);
    await fund(world.t.http, ada, 5_000);
    expect(
      (await moneyPost(world.t.http, ada, '/wallet/transfers', { toUserId: grace.id, amount: 1_000, currency: 'EUR' }))
        .status,
    ).toBe(201);
    slug = await publishMiniApp(world, { category: 'social', permissions: [CONTACTS] });
  });
  afterAll(() => world?.t.close());

  const grant = (user: WalletUser, decision = 'granted') =>
    world.t.http.request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/contacts`,
      { decision },
      { token: user.accessToken },
    );
  const contactsOf = (user: WalletUser, launchId: string) =>
    world.t.http.get(`/runtime/launches/${launchId}/contacts`, { token: user.accessToken });
  const pick = (user: WalletUser, launchId: string, userId: string) =>
    world.t.http.post(`/runtime/launches/${launchId}/contacts`, { userId }, { token: user.accessToken });

  it('offers the people the user has paid or been paid by, and nobody else', async () => {
    await Promise.all([grant(ada), grant(grace)]);
    const adaLaunch = await launch(world.t.http, ada, slug);
    const offered = await waitFor(async () => {
      const { body } = await contactsOf(ada, adaLaunch.launchId);
      return body.items?.length ? body.items : undefined;
    });
    expect(offered).toEqual([{ userId: grace.id, displayName: 'Grace' }]);
    const graceLaunch = await launch(world.t.http, grace, slug);
    expect((await contactsOf(grace, graceLaunch.launchId)).body.items).toEqual([
      { userId: ada.id, displayName: 'Ada' },
    ]);
  });

  it("hands the mini-app the picked person as its own pairwise id, the one that person's launches carry", async () => {
    await grant(ada);
    const { launchId } = await launch(world.t.http, ada, slug);
    await waitFor(async () => (await contactsOf(ada, launchId)).body.items?.length);
    const shared = await pick(ada, launchId, grace.id);
    expect(shared.status).toBe(200);
    const graceClaims = await verifiedLaunchData(
      world.t.http,
      (await launch(world.t.http, grace, slug)).launchData,
      slug,
    );
    expect(shared.body).toEqual({ openid: graceClaims.sub, displayName: 'Grace' });
    expect(shared.body.openid).not.toBe(grace.id);
  });

  it('refuses someone the user never exchanged money with, and anything before the grant', async () => {
    await grant(ada);
    const { launchId } = await launch(world.t.http, ada, slug);
    expectProblem(await pick(ada, launchId, stranger.id), 404, 'contact-not-found');
    expectProblem(await pick(ada, launchId, 'not-a-uuid'), 400, 'validation');

    await grant(ada, 'denied');
    expectProblem(await contactsOf(ada, launchId), 403, 'permission-denied');
    expectProblem(await pick(ada, launchId, grace.id), 403, 'permission-denied');
  });

  it("answers another user's launch as if it did not exist", async () => {
    await grant(ada);
    const { launchId } = await launch(world.t.http, ada, slug);
    expectProblem(await contactsOf(stranger, launchId), 404, 'not-found');
    expectProblem(await pick(stranger, launchId, ada.id), 404, 'not-found');
  });

  it('shows nothing before the person was ever asked', async () => {
    const { launchId } = await launch(world.t.http, stranger, slug);
    const refused = await contactsOf(stranger, launchId);
    expectProblem(refused, 403, 'permission-denied');
    expect(refused.body.detail).toContain('not-asked');
  });

  it("does not make the people a contact paid into the user's contacts", async () => {
    await Promise.all([grant(ada), grant(grace)]);
    await fund(world.t.http, grace, 1_000);
    expect(
      (
        await moneyPost(world.t.http, grace, '/wallet/transfers', {
          toUserId: stranger.id,
          amount: 100,
          currency: 'EUR',
        })
      ).status,
    ).toBe(201);
    const graceLaunch = await launch(world.t.http, grace, slug);
    await waitFor(async () =>
      (await contactsOf(grace, graceLaunch.launchId)).body.items?.length === 2 ? true : undefined,
    );
    expect(
      (await contactsOf(grace, graceLaunch.launchId)).body.items.map((c: { displayName: string }) => c.displayName),
    ).toEqual(['Stranger', 'Ada']);
    const adaLaunch = await launch(world.t.http, ada, slug);
    expect((await contactsOf(ada, adaLaunch.launchId)).body.items).toEqual([
      { userId: grace.id, displayName: 'Grace' },
    ]);
  });
});

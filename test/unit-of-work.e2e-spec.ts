import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { startTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 90_000);
afterAll(() => t?.close());

const transactionId = async (unitOfWork: UnitOfWork) => {
  const [row] = await unitOfWork.manager.query<Array<{ id: string }>>('SELECT txid_current() AS id');
  return String(row.id);
};

describe('a unit of work', () => {
  it('is over for a timer started inside it: the timer works in a transaction of its own, not on the returned connection', async () => {
    const unitOfWork = t.app.get(UnitOfWork);
    let late: Promise<{ active: boolean; id: string }> | undefined;
    const committed = await unitOfWork.run(async () => {
      late = new Promise((resolve, reject) =>
        setTimeout(() => {
          const active = unitOfWork.isActive();
          unitOfWork.run(() => transactionId(unitOfWork)).then((id) => resolve({ active, id }), reject);
        }, 20),
      );
      return transactionId(unitOfWork);
    });
    const { active, id } = await late!;
    expect(active).toBe(false);
    expect(id).not.toBe(committed);
  });
});

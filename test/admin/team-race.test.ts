import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dialects } from '../dialects.js';
import { buildTestApp, show, signedInAdmin, type TestApp } from '../harness.js';

const ROUNDS = 12;

/**
 * The last-owner guard under concurrency: two owners demote (or remove) each other at the same moment. Without a lock,
 * PostgreSQL's READ COMMITTED lets each UPDATE see the other still an owner, and the brand is left with none. The
 * installation owner (who owns every brand and can never be demoted) is taken out of the brand first, so nothing else
 * keeps an owner there.
 */
for (const dialect of dialects) {
  describe(`${dialect}: two owners demoting each other at once leave one owner`, () => {
    let t: TestApp;
    let a: Awaited<ReturnType<typeof signedInAdmin>>;
    let b: Awaited<ReturnType<typeof signedInAdmin>>;
    const team = '/admin/api/brands/default/team';
    const owners = async () =>
      (await t.db.selectFrom('brand_members').select('admin_id').where('brand_id', '=', t.brand.id).where('role', '=', 'owner').execute()).map(
        (r) => r.admin_id,
      );
    /** Both back as owners of the brand, nobody else an owner. */
    async function twoOwners() {
      await t.db.deleteFrom('brand_members').where('brand_id', '=', t.brand.id).where('admin_id', 'not in', [a.admin.id, b.admin.id]).execute();
      for (const m of [a, b]) {
        await t.db
          .insertInto('brand_members')
          .values({ brand_id: t.brand.id, admin_id: m.admin.id, role: 'owner', created_at: Date.now() })
          .onConflict((oc) => oc.columns(['brand_id', 'admin_id']).doUpdateSet({ role: 'owner' }))
          .execute();
      }
      assert.equal((await owners()).length, 2);
    }

    before(async () => {
      t = await buildTestApp(dialect);
      a = await signedInAdmin(t, 'owner-a@example.com', { role: 'owner' });
      b = await signedInAdmin(t, 'owner-b@example.com', { role: 'owner' });
    });
    after(() => t.close());

    test(`PATCH role: ${ROUNDS} rounds of both at once, each ends with exactly one owner and one 409 last_owner`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await twoOwners();
        const [byA, byB] = await Promise.all([
          a.inject({ method: 'PATCH', url: `${team}/${b.admin.id}`, payload: { role: 'manager' } }),
          b.inject({ method: 'PATCH', url: `${team}/${a.admin.id}`, payload: { role: 'manager' } }),
        ]);
        const statuses = [byA.statusCode, byB.statusCode].sort();
        // The one that ran second was already demoted by the first: 403 (no longer an owner) or 409 (the last owner).
        assert.equal(statuses[0], 200, `round ${round}: ${show(byA)} ${show(byB)}`);
        assert.ok([403, 409].includes(statuses[1]!), `round ${round}: ${show(byA)} ${show(byB)}`);
        assert.equal((await owners()).length, 1, `round ${round}: the brand keeps one owner`);
      }
    });

    test(`DELETE member: ${ROUNDS} rounds of both at once, each ends with exactly one owner`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await twoOwners();
        const [byA, byB] = await Promise.all([
          a.inject({ method: 'DELETE', url: `${team}/${b.admin.id}` }),
          b.inject({ method: 'DELETE', url: `${team}/${a.admin.id}` }),
        ]);
        const statuses = [byA.statusCode, byB.statusCode].sort();
        assert.equal(statuses[0], 204, `round ${round}: ${show(byA)} ${show(byB)}`);
        assert.ok([404, 409].includes(statuses[1]!), `round ${round}: ${show(byA)} ${show(byB)}`);
        assert.equal((await owners()).length, 1, `round ${round}: the brand keeps one owner`);
      }
    });

    test('demote and remove at once: never no owner', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await twoOwners();
        await Promise.all([
          a.inject({ method: 'DELETE', url: `${team}/${b.admin.id}` }),
          b.inject({ method: 'PATCH', url: `${team}/${a.admin.id}`, payload: { role: 'viewer' } }),
        ]);
        assert.equal((await owners()).length, 1, `round ${round}: the brand keeps one owner`);
      }
    });
  });
}

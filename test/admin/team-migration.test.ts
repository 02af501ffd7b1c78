import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { createDb } from '../../src/db/index.js';
import { migrateToLatest, migrations } from '../../src/db/migrate.js';
import { freshDatabase, dialects } from '../dialects.js';

for (const dialect of dialects) {
  test(`${dialect}: upgrading to roles makes every administrator owner of every brand, and the first the installation owner`, async () => {
    const fresh = await freshDatabase(dialect);
    const db = createDb(fresh.database);
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const before = await migrator.migrateTo('013_alerts');
      assert.equal(before.error, undefined);
      for (const [id, slug] of [
        ['brd_a', 'shop-a'],
        ['brd_b', 'shop-b'],
      ])
        await sql`INSERT INTO brands (id, slug, name, domain, timezone, currency, created_at, updated_at)
                  VALUES (${id}, ${slug}, ${slug}, NULL, 'Asia/Dhaka', 'BDT', 1, 1)`.execute(db);
      for (const [id, createdAt] of [
        ['adm_later', 2_000],
        ['adm_first', 1_000],
      ] as const)
        await sql`INSERT INTO admins (id, email, password_hash, created_at, last_sign_in_at)
                  VALUES (${id}, ${`${id}@example.com`}, 'x', ${createdAt}, NULL)`.execute(db);

      await migrateToLatest(db);

      const members = await db.selectFrom('brand_members').select(['brand_id', 'admin_id', 'role']).orderBy('brand_id').orderBy('admin_id').execute();
      assert.deepEqual(members, [
        { brand_id: 'brd_a', admin_id: 'adm_first', role: 'owner' },
        { brand_id: 'brd_a', admin_id: 'adm_later', role: 'owner' },
        { brand_id: 'brd_b', admin_id: 'adm_first', role: 'owner' },
        { brand_id: 'brd_b', admin_id: 'adm_later', role: 'owner' },
      ]);
      const owners = await db.selectFrom('admins').select(['id', 'installation_owner']).orderBy('id').execute();
      assert.deepEqual(owners, [
        { id: 'adm_first', installation_owner: 1 },
        { id: 'adm_later', installation_owner: 0 },
      ]);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });
}

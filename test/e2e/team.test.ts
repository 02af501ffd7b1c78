/**
 * A manager joins by invitation and works within their role, in a real browser against a real Duar on SQLite: accept
 * the emailed link, sign in, turn on two-factor, sign in again with a code, see only the pages the role opens and be
 * refused API Settings. Screenshots go to docs/screenshots/ (90–92).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { createInvitation, invitationLink } from '../../src/modules/team/invitations.js';
import { TOTP_PARAMETERS } from '../../src/modules/two-factor/service.js';
import { browserSteps, byLabel, expectAccessible, screenshot, type TestServer } from './server.js';

const PASSWORD = 'correct horse battery staple';
const MANAGER = 'manager@example.com';

describe('dashboard: a manager joins by invitation, signs in with two-factor, and sees only what the role opens', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  let link = '';
  let recovery: string[] = [];
  const field = (label: string) => byLabel(page, label);
  /** A signed-in request from the page, with the session's CSRF token, as the dashboard sends it. */
  const adminCall = (method: string, path: string, body?: object) =>
    page.evaluate(
      async ({ method, path, body }) => {
        const { csrf_token } = await (await fetch('/admin/api/session')).json();
        const res = await fetch(`/admin/api${path}`, {
          method,
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), 'x-csrf-token': csrf_token },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: res.status === 204 ? null : await res.json() };
      },
      { method, path, body },
    );

  const it = browserSteps('team', async (session) => {
    ({ server, page, consoleErrors } = session);
    const owner = await createAdmin(server.db, { email: 'owner@example.com', password: PASSWORD });
    const { token } = await createInvitation(
      server.db,
      server.brand.id,
      { email: MANAGER, role: 'manager' },
      owner,
      { label: owner.email, ip: null },
      Date.now(),
    );
    link = invitationLink(server.origin, token);
  });

  it('accepts the invitation: the brand and role are shown, a password is set', async () => {
    await page.goto(link.replace(server.origin, ''));
    await page.getByRole('heading', { name: `Join ${server.brand.name}` }).waitFor();
    await page.getByText('You are invited as manager').waitFor();
    await field('Choose a password').fill(PASSWORD);
    await screenshot({ page, consoleErrors }, '90-accept-invitation');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('heading', { name: `Welcome to ${server.brand.name}` }).waitFor();
  });

  it('signs in as manager: lands on the Overview, the menu has no API Settings, devices or webhooks', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await field('Email').fill(MANAGER);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    for (const name of ['Payments', 'SMS data', 'Audit log']) await menu.getByRole('link', { name }).waitFor();
    for (const name of ['API Settings', 'Devices', 'Webhooks']) assert.equal(await menu.getByRole('link', { name }).count(), 0, `${name} is not offered`);
    await expectAccessible(page, 'manager on the Overview');
  });

  it('turns on two-factor and signs in again with a code', async () => {
    const started = await adminCall('POST', '/me/two-factor');
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(started.body.secret), ...TOTP_PARAMETERS });
    const confirmed = await adminCall('POST', '/me/two-factor/confirm', { code: totp.generate() });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    recovery = confirmed.body.recovery_codes;
    assert.equal((await adminCall('DELETE', '/session')).status, 204);

    await page.goto('/admin/sign-in');
    await field('Email').fill(MANAGER);
    await field('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The code just used for enrolment is never accepted again; a recovery code is a code too (each works once).
    await field('Authentication code').fill(recovery[0]!);
    await screenshot({ page, consoleErrors }, '91-sign-in-code');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('is refused API Settings, by the page and by the server', async () => {
    await page.goto('/admin/brands/default/settings/api');
    await page.getByRole('heading', { name: 'Not open to your role' }).waitFor();
    await screenshot({ page, consoleErrors }, '92-not-open-to-your-role');
    const keys = await adminCall('GET', '/brands/default/api-keys');
    assert.equal(keys.status, 403, JSON.stringify(keys.body));
    assert.equal(keys.body.code, 'forbidden');
  });
});

/**
 * A team in a real browser against a real Duar on SQLite, with a real SMTP server catching the mail: the owner invites
 * a manager on the Team page; the manager accepts the emailed link, looks after their sessions and password, turns on
 * two-factor sign-in on its screen, signs in again with a TOTP code computed here (RFC 6238), approves a payment waiting
 * in Needs approval, and is refused API Settings by the menu, the page and the server.
 * Screenshots go to docs/screenshots/ (90–99).
 */
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { createAdmin } from '../../src/modules/admins/service.js';
import { TOTP_PARAMETERS } from '../../src/modules/two-factor/service.js';
import { seedKey } from '../harness.js';
import { enableWallet } from '../payments/helpers.js';
import { plainBody, startSmtp } from '../smtp.js';
import { apiCheckout, browserSteps, byLabel, expectAccessible, screenshot, type TestServer } from './server.js';

const OWNER = 'owner@example.com';
const PASSWORD = 'correct horse battery staple';
const MANAGER = 'manager@example.com';
const NEW_PASSWORD = 'a new and longer passphrase';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const smtp = await startSmtp();
after(() => smtp.close());

describe('dashboard: the owner invites a manager, who joins, enrols two-factor, signs in with a code and works within the role', () => {
  let server: TestServer;
  let page: Page;
  let consoleErrors: string[] = [];
  let link = '';
  let secret = '';
  let invoice = '';
  const field = (label: string) => byLabel(page, label);
  const shot = (name: string, full = false) => screenshot({ page, consoleErrors }, name, full);
  const menu = () => page.getByRole('navigation', { name: 'Main menu' });
  /** A signed-in request from the page, with the session's CSRF token, as the dashboard sends it. */
  const adminCall = (method: string, path: string) =>
    page.evaluate(
      async ({ method, path }) => {
        const { csrf_token } = await (await fetch('/admin/api/session')).json();
        const res = await fetch(`/admin/api${path}`, { method, headers: { 'x-csrf-token': csrf_token } });
        return { status: res.status, body: res.status === 204 ? null : await res.json() };
      },
      { method, path },
    );
  /** The manager signed in from another browser, by the API (the sessions list names it by its User-Agent). */
  const signInElsewhere = async (userAgent: string) => {
    const res = await fetch(`${server.origin}/admin/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent, origin: server.origin },
      body: JSON.stringify({ email: MANAGER, password: PASSWORD }),
    });
    assert.equal(res.status, 200, await res.text());
  };
  async function signIn(email: string, password: string) {
    await field('Email').fill(email);
    await field('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  async function openAccountPage(name: string) {
    const group = menu().getByRole('button', { name: 'Your account' });
    if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await menu().getByRole('link', { name }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  const it = browserSteps(
    'team',
    async (session) => {
      ({ server, page, consoleErrors } = session);
      // The first administrator: the installation's owner, owner of every brand.
      await createAdmin(server.db, { email: OWNER, password: PASSWORD });
      // A customer's bKash payment, waiting for someone to check the statement and approve it.
      const { key } = await seedKey(server);
      await enableWallet(server);
      invoice = await apiCheckout(server, key, { email: 'wallet@example.com', amount: '480' });
      const paid = await fetch(`${server.origin}/payment/${invoice}/wallet/bkash`, {
        method: 'POST',
        body: new URLSearchParams({ sender_number: '01812345678', transaction_id: 'TRXTEAM001' }),
        redirect: 'manual',
      });
      assert.ok(paid.status < 400, `HTTP ${paid.status}`);
    },
    { SMTP_URL: smtp.url },
  );

  it('owner: the Team page lists the members; inviting by email shows the one-time link once, and the same link is emailed', async () => {
    await page.goto('/admin/sign-in');
    await signIn(OWNER, PASSWORD);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await menu().getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    const members = page.getByTestId('members-table');
    await members.getByText(OWNER).waitFor();
    assert.equal(await page.getByRole('combobox', { name: `Role of ${OWNER}` }).isDisabled(), true, 'the installation owner keeps their role');
    await page.getByTestId('invitations-empty').waitFor();
    await expectAccessible(page, 'Team with the owner alone');

    await page.getByRole('button', { name: 'Invite by email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite by email' });
    await dialog.getByLabel(/^Email/).fill(MANAGER);
    // Manager is the role offered first; the owner picks it explicitly all the same.
    await dialog.getByLabel(/^Role/).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const shown = page.getByRole('dialog', { name: `Invitation for ${MANAGER}` });
    link = await shown.getByTestId('invitation-link').inputValue();
    assert.match(link, new RegExp(`^${server.origin}/admin/invitation#[A-Za-z0-9_-]{43}$`));
    await shown.getByText(`Duar emailed this link to ${MANAGER}`).waitFor();
    await shot('94-team-invitation-link');

    await smtp.waitFor(1);
    assert.deepEqual(smtp.mails[0]!.to, [MANAGER]);
    assert.ok(plainBody(smtp.mails[0]!).includes(link), 'the emailed link is the one shown');

    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.getByRole('button', { name: 'I have saved the link, close' }).click();
    await shown.waitFor({ state: 'detached' });
    const pending = page.getByTestId('invitations');
    await pending.getByText(`${MANAGER} — manager`).waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(link.split('#')[1]!), 'the link is never shown again');

    // The "require two-factor" switch waits until the owner has two-factor themselves.
    assert.equal(await page.getByRole('switch', { name: /Require two-factor sign-in for everyone/ }).isDisabled(), true);

    // A phone: members and invitations as cards, nothing off-screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('members-cards').waitFor();
    await shot('99-team-phone', true);
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('members-table').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('manager: accepts the emailed link, the brand and role shown, and chooses a password', async () => {
    const emailed = /http:\/\/127\.0\.0\.1:\d+\/admin\/invitation#[A-Za-z0-9_-]{43}/.exec(plainBody(smtp.mails[0]!))![0];
    await page.goto(emailed.replace(server.origin, ''));
    await page.getByRole('heading', { name: `Join ${server.brand.name}` }).waitFor();
    await page.getByText('You are invited as manager').waitFor();
    await field('Choose a password').fill(PASSWORD);
    await shot('90-accept-invitation');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByRole('heading', { name: `Welcome to ${server.brand.name}` }).waitFor();
  });

  it('manager: signs in; the menu has no API Settings, devices, webhooks or team, and the header no New brand', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(MANAGER, PASSWORD);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    for (const name of ['Payments', 'SMS data', 'Audit log']) await menu().getByRole('link', { name }).waitFor();
    for (const name of ['API Settings', 'Devices', 'Webhooks', 'Team'])
      assert.equal(await menu().getByRole('link', { name, exact: true }).count(), 0, `${name} is not offered`);
    assert.equal(await page.getByRole('button', { name: 'New brand' }).count(), 0, 'only the installation owner creates brands');
    await expectAccessible(page, 'manager on the Overview');
  });

  it('manager: Sessions lists every browser with this one marked; one is signed out, then everywhere else; the password changes', async () => {
    await signInElsewhere(FIREFOX);
    await signInElsewhere(SAFARI);
    await openAccountPage('Sessions and password');
    const table = page.getByTestId('sessions-table');
    await table.getByText('Firefox on Windows').waitFor();
    await table.getByText('Safari on iOS').waitFor();
    const current = table.getByRole('row').filter({ hasText: 'This session' });
    assert.match(await current.innerText(), /Chrome on Linux/);
    assert.equal(await current.getByRole('button').count(), 0, 'this session has no "Sign out" of its own');
    await shot('95-sessions');
    // A phone: the sessions as cards, nothing off-screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('sessions-cards').getByText('Safari on iOS').waitFor();
    await expectAccessible(page, 'Sessions on a phone');
    await page.setViewportSize({ width: 1280, height: 860 });

    await table.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    const one = page.getByRole('dialog', { name: 'Sign out a session' });
    await one.getByRole('button', { name: 'Sign out this session' }).click();
    await one.waitFor({ state: 'detached' });
    await table.getByText('Firefox on Windows').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    const all = page.getByRole('dialog', { name: 'Sign out everywhere else' });
    await all.getByText('Sign out the 1 other session').waitFor();
    await all.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await all.waitFor({ state: 'detached' });
    await table.getByText('Safari on iOS').waitFor({ state: 'detached' });
    assert.equal(await table.getByRole('row').count(), 2, 'the header and this session');
    assert.equal(await page.getByRole('button', { name: 'Sign out everywhere else' }).isDisabled(), true);

    // A wrong current password is refused beside its field; the right one changes it and ends other sessions.
    await signInElsewhere(FIREFOX);
    await field('Current password').fill('not my password');
    await field('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/current password is not correct/i).waitFor();
    await field('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. 1 other session was signed out.').waitFor();
    await table.getByText('Firefox on Windows').waitFor({ state: 'detached' });
  });

  it('manager: turns on two-factor on its screen: QR code and key, a code from the app, 10 recovery codes shown once', async () => {
    await openAccountPage('Two-factor sign-in');
    await page.getByText('Your password alone signs you in.').waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code to add Duar to your authenticator app' }).waitFor();
    secret = (await page.getByTestId('two-factor-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/, 'a 160-bit base32 key');
    await shot('96-two-factor-setup');

    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), ...TOTP_PARAMETERS });
    await field('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByText(/code is not correct|not valid/i).waitFor();
    await field('Code from the app').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const shown = page.getByRole('dialog', { name: 'Your recovery codes' });
    const codes = (await shown.getByTestId('recovery-codes').inputValue()).split('\n');
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const c of codes) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await shot('97-two-factor-recovery-codes');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.getByRole('button', { name: 'I have saved the codes, close' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.getByTestId('recovery-left').getByText('10 of 10 recovery codes left', { exact: false }).waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(codes[0]!), 'the codes are not shown again');
    await shot('98-two-factor-on');
  });

  it('manager: signs out, and signs in again with the new password and a TOTP code computed here (not a recovery code)', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(MANAGER, NEW_PASSWORD);
    // The code used to turn two-factor on is spent; the app's next one (the server accepts one step either side) is not.
    const next = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), ...TOTP_PARAMETERS }).generate({ timestamp: Date.now() + 30_000 });
    await field('Authentication code').fill(next);
    await shot('91-sign-in-code');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    // Back where the manager signed out.
    await page.getByRole('heading', { name: 'Two-factor sign-in', level: 1 }).waitFor();
    await page.getByText('10 of 10 recovery codes left', { exact: false }).waitFor();
    const audit = await server.db.selectFrom('audit_log').select('action').where('actor', '=', MANAGER).execute();
    assert.ok(!audit.some((a) => a.action === 'two_factor.recovery_code_used'), 'no recovery code was used');
  });

  it('manager: approves the payment waiting in Needs approval', async () => {
    await menu()
      .getByRole('link', { name: /^Payments/ })
      .click();
    const queue = page.getByRole('region', { name: 'Needs approval' });
    await queue.getByRole('button', { name: 'Approve TRXTEAM001' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve payment' });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    const payment = await adminCall('GET', `/brands/default/payments/${invoice}`);
    assert.equal(payment.status, 200, JSON.stringify(payment.body));
    assert.equal(payment.body.payment.status, 'completed');
    const approved = await server.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'payment.approved').execute();
    assert.deepEqual(
      approved.map((a) => a.actor),
      [MANAGER],
      'the audit log names the manager',
    );
  });

  it('manager: is refused API Settings by the menu, the page and the server', async () => {
    assert.equal(await menu().getByRole('link', { name: 'API Settings' }).count(), 0);
    await page.goto('/admin/brands/default/settings/api');
    await page.getByRole('heading', { name: 'Not open to your role' }).waitFor();
    await page.getByText(`Your role in ${server.brand.name} is manager`).waitFor();
    await shot('92-not-open-to-your-role');
    const keys = await adminCall('GET', '/brands/default/api-keys');
    assert.equal(keys.status, 403, JSON.stringify(keys.body));
    assert.equal(keys.body.code, 'forbidden');
  });

  it('owner: sees the manager with two-factor on, changes their role, withdraws an invitation and removes a member', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(OWNER, PASSWORD);
    // Back on API Settings, where the manager was refused: the owner may open it.
    await page.getByRole('heading', { name: 'API Settings', level: 1 }).waitFor();
    await menu().getByRole('link', { name: 'Team' }).click();
    const members = page.getByTestId('members-table');
    const manager = members.getByRole('row').filter({ hasText: MANAGER });
    await manager.getByText('Two-factor on').waitFor();
    assert.equal(await page.getByTestId('invitations-empty').count(), 1, 'the accepted invitation is no longer pending');

    // A second invitation, to withdraw; a clerk added from the terminal, to remove.
    await page.getByRole('button', { name: 'Invite by email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite by email' });
    await dialog.getByLabel(/^Email/).fill('helper@example.com');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const shown = page.getByRole('dialog', { name: 'Invitation for helper@example.com' });
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.getByRole('button', { name: 'I have saved the link, close' }).click();
    await page.getByTestId('invitations').getByText('helper@example.com — manager').waitFor();
    const clerk = await createAdmin(server.db, { email: 'clerk@example.com', password: PASSWORD });
    await server.db.insertInto('brand_members').values({ brand_id: server.brand.id, admin_id: clerk.id, role: 'viewer', created_at: Date.now() }).execute();
    await page.reload();
    await members.getByText('clerk@example.com').waitFor();
    await shot('93-team');

    await page.getByRole('combobox', { name: `Role of ${MANAGER}` }).click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await page.getByText(`${MANAGER} is now viewer.`).waitFor();
    const roles = await adminCall('GET', '/brands/default/team');
    assert.deepEqual(
      roles.body.members.map((m: { email: string; role: string }) => [m.email, m.role]),
      [
        [OWNER, 'owner'],
        [MANAGER, 'viewer'],
        ['clerk@example.com', 'viewer'],
      ],
    );

    await page.getByRole('button', { name: 'Withdraw the invitation for helper@example.com' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Withdraw invitation' });
    await withdraw.getByRole('button', { name: 'Withdraw invitation' }).click();
    await withdraw.waitFor({ state: 'detached' });
    await page.getByTestId('invitations-empty').waitFor();

    await page.getByRole('button', { name: 'Remove clerk@example.com' }).click();
    const remove = page.getByRole('dialog', { name: 'Remove member' });
    await remove.getByRole('button', { name: 'Remove member' }).click();
    await remove.waitFor({ state: 'detached' });
    await members.getByText('clerk@example.com').waitFor({ state: 'detached' });
    const audit = await server.db.selectFrom('audit_log').select('action').where('actor', '=', OWNER).execute();
    for (const action of ['team.invited', 'team.role_changed', 'team.invitation_revoked', 'team.member_removed'])
      assert.ok(
        audit.some((a) => a.action === action),
        `${action} is audited under the owner`,
      );
  });
});

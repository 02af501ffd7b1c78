import { Badge, NavLink, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Role } from '../../../../src/modules/team/roles.js';
import { canOpen } from './sections.js';

/** Brand Settings' pages, in menu order. */
const SETTINGS = [
  { path: 'settings/general', label: 'General' },
  { path: 'settings/api', label: 'API Settings' },
  { path: 'settings/payment-methods', label: 'Payment methods' },
  { path: 'settings/currencies', label: 'Currencies' },
  { path: 'settings/webhooks', label: 'Webhooks' },
  { path: 'settings/devices', label: 'Devices' },
  { path: 'settings/alerts', label: 'Alerts' },
  { path: 'settings/audit', label: 'Audit log' },
  { path: 'settings/team', label: 'Team' },
];

/** The signed-in person's own account, the same whichever brand is open. */
const ACCOUNT = [
  { path: 'account/sessions', label: 'Sessions and password' },
  { path: 'account/two-factor', label: 'Two-factor sign-in' },
];

/**
 * The main menu: Overview (the brand's first page), Payments (with the "Needs approval" count, also read out), Payment links, Invoices, SMS data, the Brand Settings group,
 * a real button that opens and closes its pages, and the Your account group (sessions, password, two-factor sign-in).
 */
export function MainMenu({
  slug,
  section,
  needsApproval,
  role,
}: {
  slug: string | undefined;
  section: string;
  needsApproval: string | null;
  /** The administrator's role in the brand: the menu shows only what it may open. */
  role: Role;
}) {
  return (
    <nav>
      <NavLink
        component={Link}
        to={`/brands/${slug}/overview`}
        label="Overview"
        active={section === 'overview'}
        aria-current={section === 'overview' ? 'page' : undefined}
      />
      {canOpen(role, 'payments') && (
        <NavLink
          component={Link}
          to={`/brands/${slug}/payments`}
          label="Payments"
          active={section.startsWith('payments')}
          aria-current={section === 'payments' ? 'page' : undefined}
          rightSection={
            needsApproval ? (
              <>
                <Badge color="orange" variant="filled" size="sm" aria-hidden>
                  {needsApproval}
                </Badge>
                <VisuallyHidden>, {needsApproval} need approval</VisuallyHidden>
              </>
            ) : null
          }
        />
      )}
      {canOpen(role, 'links') && (
        <NavLink
          component={Link}
          to={`/brands/${slug}/links`}
          label="Payment links"
          active={section.startsWith('links')}
          aria-current={section === 'links' ? 'page' : undefined}
        />
      )}
      {canOpen(role, 'invoices') && (
        <NavLink
          component={Link}
          to={`/brands/${slug}/invoices`}
          label="Invoices"
          active={section.startsWith('invoices')}
          aria-current={section === 'invoices' ? 'page' : undefined}
        />
      )}
      {canOpen(role, 'sms') && (
        <NavLink
          component={Link}
          to={`/brands/${slug}/sms`}
          label="SMS data"
          active={section === 'sms'}
          aria-current={section === 'sms' ? 'page' : undefined}
        />
      )}
      <NavLink component="button" label="Brand Settings" defaultOpened childrenOffset={12}>
        {SETTINGS.filter((m) => canOpen(role, m.path)).map((m) => (
          <NavLink
            key={m.path}
            component={Link}
            to={`/brands/${slug}/${m.path}`}
            label={m.label}
            active={section === m.path}
            aria-current={section === m.path ? 'page' : undefined}
          />
        ))}
      </NavLink>
      <NavLink component="button" label="Your account" defaultOpened={section.startsWith('account/')} childrenOffset={12}>
        {ACCOUNT.map((m) => (
          <NavLink
            key={m.path}
            component={Link}
            to={`/brands/${slug}/${m.path}`}
            label={m.label}
            active={section === m.path}
            aria-current={section === m.path ? 'page' : undefined}
          />
        ))}
      </NavLink>
    </nav>
  );
}

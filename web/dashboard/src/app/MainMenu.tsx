import { Badge, NavLink, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Role } from '../../../../src/modules/team/roles.js';
import { canOpen } from './sections.js';

/** The brand's own pages, in menu order (Overview first: the brand's first page). */
const PAGES = [
  { path: 'overview', label: 'Overview' },
  { path: 'payments', label: 'Payments' },
  { path: 'links', label: 'Payment links' },
  { path: 'invoices', label: 'Invoices' },
  { path: 'sms', label: 'SMS data' },
];

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
  const link = (m: { path: string; label: string }) => (
    <NavLink
      key={m.path}
      component={Link}
      to={`/brands/${slug}/${m.path}`}
      label={m.label}
      // A page's own pages (a payment, a link, an invoice) keep it lit; only the page itself is the current one.
      active={section === m.path || section.startsWith(`${m.path}/`)}
      aria-current={section === m.path ? 'page' : undefined}
      rightSection={m.path === 'payments' && needsApproval ? <ApprovalCount count={needsApproval} /> : undefined}
    />
  );
  return (
    <nav>
      {PAGES.filter((m) => canOpen(role, m.path)).map(link)}
      <NavLink component="button" label="Brand Settings" defaultOpened childrenOffset={12}>
        {SETTINGS.filter((m) => canOpen(role, m.path)).map(link)}
      </NavLink>
      <NavLink component="button" label="Your account" defaultOpened={section.startsWith('account/')} childrenOffset={12}>
        {ACCOUNT.map(link)}
      </NavLink>
    </nav>
  );
}

/** Payments' "Needs approval" count: a badge to see, words to hear. */
function ApprovalCount({ count }: { count: string }) {
  return (
    <>
      <Badge color="orange" variant="filled" size="sm" aria-hidden>
        {count}
      </Badge>
      <VisuallyHidden>, {count} need approval</VisuallyHidden>
    </>
  );
}

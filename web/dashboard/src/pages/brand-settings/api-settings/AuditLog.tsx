import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { api, enc } from '../../../api/client.js';
import type { ApiKey, AuditEntry } from '../../../api/types.js';
import { useLoad } from '../../../api/use-load.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { DataTable } from '../../../components/DataTable.js';
import { LoadError, LoadingRows } from '../../../components/states.js';
import { usePhone } from '../../../components/use-phone.js';
import { useSubmit } from '../../../components/use-submit.js';

/** Every action the server records, in words (src/modules/audit/audit.ts); a key's actions are short, as the kind says the rest. */
const ACTIONS: Record<string, { label: string; color: string }> = {
  'api_key.created': { label: 'Created', color: 'green' },
  'api_key.updated': { label: 'Edited', color: 'blue' },
  'api_key.activated': { label: 'Activated', color: 'teal' },
  'api_key.deactivated': { label: 'Deactivated', color: 'gray' },
  'api_key.deleted': { label: 'Deleted', color: 'red' },
  'api_key.rolled': { label: 'Rolled', color: 'blue' },
  'payment.approved': { label: 'Payment approved', color: 'green' },
  'payment.rejected': { label: 'Payment rejected', color: 'red' },
  'payment.refunded': { label: 'Refunded', color: 'orange' },
  'payment.refund_paid_out': { label: 'Refund paid out', color: 'teal' },
  'payment.ipn_resent': { label: 'IPN sent again', color: 'blue' },
  'payment.completed_by_sms': { label: 'Completed by SMS', color: 'green' },
  'webhook_secret.rotated': { label: 'Signing secret rotated', color: 'orange' },
  'webhook.test_sent': { label: 'Test event sent', color: 'blue' },
  'brand.created': { label: 'Brand created', color: 'green' },
  'brand.updated': { label: 'Brand edited', color: 'blue' },
  'payment_method.updated': { label: 'Payment method changed', color: 'blue' },
  'session.signed_in': { label: 'Signed in', color: 'gray' },
  'session.sign_in_failed': { label: 'Sign-in refused', color: 'red' },
  'session.signed_out': { label: 'Signed out', color: 'gray' },
  'device.created': { label: 'Device connected', color: 'green' },
  'device.revoked': { label: 'Device revoked', color: 'red' },
  'sms.added': { label: 'SMS added', color: 'blue' },
  'sms.approved': { label: 'SMS approved', color: 'green' },
  'sms.trashed': { label: 'SMS trashed', color: 'gray' },
  'sms.restored': { label: 'SMS restored', color: 'blue' },
  'sms_wallet.balance_set': { label: 'Wallet balance set', color: 'blue' },
  'sms_senders.updated': { label: 'Sender IDs changed', color: 'blue' },
};

const KINDS: Record<string, string> = {
  api_key: 'API keys',
  payment: 'Payments',
  webhook: 'Webhook test events',
  webhook_secret: 'Webhook signing secret',
  brand: 'Brand',
  payment_method: 'Payment methods',
  session: 'Sign-ins',
  device: 'Devices',
  sms: 'SMS',
  sms_wallet: 'Wallet balances',
  sms_senders: 'Sender IDs',
};

const FIELD_LABEL: Record<string, string> = {
  name: 'Name', abilities: 'Abilities', expires_at: 'Expires', is_active: 'Active', hint: 'Key ends in', url_host: 'Sent to', http_status: 'Answer code',
};

/** A test event's outcome (src/modules/webhooks/send.ts) as the merchant reads it. */
const OUTCOMES: Record<string, string> = {
  acknowledged: 'accepted', http_error: 'refused by the receiver', timeout: 'no answer in time', network_error: 'could not connect', refused: 'address refused',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return 'never';
  if (Array.isArray(value)) return value.join(', ') || 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** One change in words: "Turned off", "Abilities: added payment:refund", "Name: Shop → Shop v2". */
function describeChange(field: string, change: unknown): string {
  const label = FIELD_LABEL[field] ?? field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  if (field === 'outcome' && typeof change === 'string') return `Answer: ${OUTCOMES[change] ?? change}`;
  if (!(change && typeof change === 'object' && !Array.isArray(change) && 'from' in change)) return `${label}: ${show(change)}`;
  const { from, to } = change as { from: unknown; to: unknown };
  if (field === 'is_active') return to ? 'Turned on' : 'Turned off';
  if (Array.isArray(from) && Array.isArray(to)) {
    const added = to.filter((a) => !from.includes(a));
    const removed = from.filter((a) => !to.includes(a));
    return [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean).join(', ').replace(/^/, `${label}: `);
  }
  return `${label}: ${show(from)} → ${show(to)}`;
}

/** What changed, in words; for a created or deleted key, its fields. */
function describe(entry: AuditEntry): string {
  return Object.entries(entry.changes)
    .map(([field, change]) => describeChange(field, change))
    .join('; ');
}

type AuditPage = { entries: AuditEntry[]; next_cursor: string | null };

/**
 * The audit log, filtered and paged by the server (GET …/audit-log): on API Settings only the keys' changes (`subject`),
 * on Brand Settings → Audit log every kind. `version` changes when the page above changed something, to load again.
 */
export function AuditLog({ subject, keys = [], version = 0, titled = true }: { subject?: 'api_key'; keys?: ApiKey[]; version?: number; titled?: boolean }) {
  const { brand } = useBrand();
  const phone = usePhone();
  const [kind, setKind] = useState<string | null>(subject ?? null);
  const [action, setAction] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [actorTyped, setActorTyped] = useState('');
  const [targetTyped, setTargetTyped] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [actor] = useDebouncedValue(actorTyped.trim(), 400);
  const [typedTarget] = useDebouncedValue(targetTyped.trim(), 400);
  const params = new URLSearchParams();
  for (const [name, value] of [['subject', kind], ['action', action], ['actor', actor], ['target_id', target ?? typedTarget], ['from', from], ['to', to]] as const) {
    if (value) params.set(name, value);
  }
  const query = params.toString();
  const first = useLoad(() => api.get<AuditPage>(`/brands/${enc(brand.slug)}/audit-log?${query}`), [brand.slug, query, version]);
  // Pages after the first, added by "Show older"; a new first page (other filters) starts over.
  const [loaded, setLoaded] = useState<AuditPage & { after: AuditPage } | null>(null);
  const older = loaded && loaded.after === first.data ? loaded : null;
  const cursor = older ? older.next_cursor : (first.data?.next_cursor ?? null);
  const more = useSubmit(async () => {
    const start = first.data;
    const page = await api.get<AuditPage>(`/brands/${enc(brand.slug)}/audit-log?${query}${query ? '&' : ''}cursor=${enc(cursor ?? '')}`);
    if (start) setLoaded({ after: start, entries: [...(older?.entries ?? []), ...page.entries], next_cursor: page.next_cursor });
  });
  const entries = first.data ? [...first.data.entries, ...(older?.entries ?? [])] : null;
  const filtered = query !== (subject ? `subject=${subject}` : '');

  // A key's name as it is now, or as the log last recorded it (for deleted keys and entries that did not touch the name).
  const names = new Map<string, string>();
  for (const e of [...(entries ?? [])].reverse()) {
    if (!e.action.startsWith('api_key.')) continue;
    const n = e.changes.name as unknown;
    if (typeof n === 'string') names.set(e.target_id, n);
    else if (n && typeof n === 'object' && 'to' in n && typeof (n as { to: unknown }).to === 'string') names.set(e.target_id, (n as { to: string }).to);
  }
  for (const k of keys) names.set(k.id, k.name);
  const what = (e: AuditEntry) => {
    if (e.action.startsWith('api_key.')) return names.get(e.target_id) ?? e.target_id;
    if (e.target_id === brand.id) return brand.name;
    return e.target_id;
  };
  const actions = Object.entries(ACTIONS).filter(([value]) => !kind || value.startsWith(`${kind}.`));
  const badge = (e: AuditEntry) => (
    <Badge variant="light" color={ACTIONS[e.action]?.color ?? 'gray'} style={{ minWidth: 'max-content' }}>{ACTIONS[e.action]?.label ?? e.action}</Badge>
  );
  const timezone = brand.timezone;
  return (
    <section aria-labelledby={titled ? 'audit-title' : undefined} aria-label={titled ? undefined : 'Audit log'}>
      {titled && <Title order={2} size="h4" id="audit-title" mb="xs">Audit log</Title>}
      <Text size="sm" c="dimmed" mb="sm">
        {subject ? "Every change to this brand's API keys: who made it, when and from where." : 'Everything done in this brand, and every sign-in: who did it, when and from where.'}
      </Text>
      <Group gap="sm" mb="sm" align="flex-end">
        {!subject && (
          <Select label="Kind" placeholder="Any kind" clearable data={Object.entries(KINDS).map(([value, label]) => ({ value, label }))} value={kind}
            onChange={(v) => { setKind(v); setAction(null); }} w={{ base: '100%', xs: 200 }} />
        )}
        <Select label="Action" placeholder="Any action" clearable searchable data={actions.map(([value, a]) => ({ value, label: a.label }))} value={action} onChange={setAction} w={{ base: '100%', xs: 200 }} />
        {subject ? (
          <Select label="Key" placeholder="Any key" clearable searchable data={[...names].map(([value, label]) => ({ value, label }))} value={target} onChange={setTarget} w={{ base: '100%', xs: 220 }} />
        ) : (
          <TextInput label="About" placeholder="Payment, key or device id" value={targetTyped} onChange={(e) => setTargetTyped(e.currentTarget.value)} w={{ base: '100%', xs: 220 }} />
        )}
        <TextInput label="By" placeholder="Email of who did it" value={actorTyped} onChange={(e) => setActorTyped(e.currentTarget.value)} w={{ base: '100%', xs: 220 }} />
        <TextInput type="date" label="From" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} w={{ base: '100%', xs: 160 }} />
        <TextInput type="date" label="To" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} w={{ base: '100%', xs: 160 }} />
      </Group>
      {first.error && <LoadError message={first.error} onRetry={first.reload} />}
      {!entries && !first.error && <LoadingRows rows={3} />}
      {entries && entries.length === 0 && <Text size="sm">{filtered ? 'No change matches these filters.' : 'No changes yet.'}</Text>}
      {entries && entries.length > 0 && phone && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="audit-log">
          {entries.map((e) => (
            <Paper component="li" withBorder p="sm" key={e.id}>
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} truncate>{what(e)}</Text>
                {badge(e)}
              </Group>
              <Text size="xs" mt={4} style={{ wordBreak: 'break-word' }}>{describe(e)}</Text>
              <Text size="xs" c="dimmed" mt={4} style={{ wordBreak: 'break-word' }}>{formatTime(e.created_at, timezone)} · {e.actor}{e.ip ? ` · ${e.ip}` : ''}</Text>
            </Paper>
          ))}
        </Stack>
      )}
      {entries && entries.length > 0 && !phone && (
        <DataTable minWidth={720} columns={['When', 'Action', subject ? 'Key' : 'About', 'Changes', 'By', 'Address']} striped verticalSpacing="xs" data-testid="audit-log">
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(e.created_at, timezone)}</Table.Td>
              <Table.Td>{badge(e)}</Table.Td>
              <Table.Td>{what(e)}</Table.Td>
              <Table.Td><Text size="xs">{describe(e)}</Text></Table.Td>
              <Table.Td>{e.actor}</Table.Td>
              <Table.Td>{e.ip ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {more.message && <Text c="red" size="sm" role="alert" mt="xs">{more.message}</Text>}
      {cursor && (
        <Button variant="light" mt="sm" loading={more.busy} onClick={() => void more.run()}>Show older entries</Button>
      )}
    </section>
  );
}

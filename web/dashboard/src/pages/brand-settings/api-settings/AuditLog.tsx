import { Button, Group, Select, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import { useBrandPages } from '../../../api/queries.js';
import type { ApiKey, AuditEntry } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { QueryState } from '../../../components/states.js';
import { usePhone } from '../../../components/use-phone.js';
import { AuditEntries } from './AuditEntries.js';
import { ACTIONS, KINDS } from './audit-words.js';

type AuditPage = { entries: AuditEntry[]; next_cursor: string | null };

/**
 * The audit log, filtered and paged by the server (GET …/audit-log): on API Settings only the keys' changes (`subject`),
 * on Brand Settings → Audit log every kind. It loads again after every change in the brand (useBrandChanged).
 */
export function AuditLog({ subject, keys = [], titled = true }: { subject?: 'api_key'; keys?: ApiKey[]; titled?: boolean }) {
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
  for (const [name, value] of [
    ['subject', kind],
    ['action', action],
    ['actor', actor],
    ['target_id', target ?? typedTarget],
    ['from', from],
    ['to', to],
  ] as const) {
    if (value) params.set(name, value);
  }
  const query = params.toString();
  // "Show older" adds the next page; other filters start over.
  const log = useBrandPages<AuditPage>(`audit-log?${query}`);
  const entries = log.data ? log.data.pages.flatMap((p) => p.entries) : null;
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
    // A payment by its invoice id (the server's label), never its internal pay_… id.
    return e.target_label ?? e.target_id;
  };
  const actions = Object.entries(ACTIONS).filter(([value]) => !kind || value.startsWith(`${kind}.`));
  const timezone = brand.timezone;
  return (
    <section aria-labelledby={titled ? 'audit-title' : undefined} aria-label={titled ? undefined : 'Audit log'}>
      {titled && (
        <Title order={2} size="h4" id="audit-title" mb="xs">
          Audit log
        </Title>
      )}
      <Text size="sm" c="dimmed" mb="sm">
        {subject
          ? "Every change to this brand's API keys: who made it, when and from where."
          : 'Everything done in this brand, and every sign-in: who did it, when and from where.'}
      </Text>
      <Group gap="sm" mb="sm" align="flex-end">
        {!subject && (
          <Select
            label="Kind"
            placeholder="Any kind"
            clearable
            data={Object.entries(KINDS).map(([value, label]) => ({ value, label }))}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setAction(null);
            }}
            w={{ base: '100%', xs: 200 }}
          />
        )}
        <Select
          label="Action"
          placeholder="Any action"
          clearable
          searchable
          data={actions.map(([value, a]) => ({ value, label: a.label }))}
          value={action}
          onChange={setAction}
          w={{ base: '100%', xs: 200 }}
        />
        {subject ? (
          <Select
            label="Key"
            placeholder="Any key"
            clearable
            searchable
            data={[...names].map(([value, label]) => ({ value, label }))}
            value={target}
            onChange={setTarget}
            w={{ base: '100%', xs: 220 }}
          />
        ) : (
          <TextInput
            label="About"
            placeholder="Invoice ID, key or device id"
            value={targetTyped}
            onChange={(e) => setTargetTyped(e.currentTarget.value)}
            w={{ base: '100%', xs: 220 }}
          />
        )}
        <TextInput
          label="By"
          placeholder="Email of who did it"
          value={actorTyped}
          onChange={(e) => setActorTyped(e.currentTarget.value)}
          w={{ base: '100%', xs: 220 }}
        />
        <TextInput type="date" label="From" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} w={{ base: '100%', xs: 160 }} />
        <TextInput type="date" label="To" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} w={{ base: '100%', xs: 160 }} />
      </Group>
      {!entries && <QueryState query={log} rows={3} />}
      {entries && entries.length === 0 && <Text size="sm">{filtered ? 'No change matches these filters.' : 'No changes yet.'}</Text>}
      {entries && entries.length > 0 && <AuditEntries entries={entries} phone={phone} timezone={timezone} aboutLabel={subject ? 'Key' : 'About'} what={what} />}
      {entries && log.error && (
        <Text c="red" size="sm" role="alert" mt="xs">
          {errorMessage(log.error)}
        </Text>
      )}
      {log.hasNextPage && (
        <Button variant="light" mt="sm" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage({ cancelRefetch: false })}>
          Show older entries
        </Button>
      )}
    </section>
  );
}

import { ActionIcon, Alert, Anchor, Badge, Button, Group, Menu, Modal, Paper, Stack, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, enc, errorMessage } from '../../../api/client.js';
import type { AbilityInfo, ApiKey, AuditEntry, KeyInput, KeyStatus } from '../../../api/types.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { usePhone } from '../../../components/use-phone.js';
import { useLoad } from '../../../api/use-load.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { DotsIcon } from '../../../components/icons.js';
import { LoadError, LoadingRows } from '../../../components/states.js';
import { AuditLog } from './AuditLog.js';
import { EndpointsModal } from './EndpointsModal.js';
import { KeyCreatedModal } from './KeyCreatedModal.js';
import { RollKeyModal } from './RollKeyModal.js';
import { KeyDetailsDrawer } from './KeyDetailsDrawer.js';

// The key form carries the date picker (@mantine/dates, dayjs): its own chunk, fetched once the page is showing,
// so the page appears sooner and the form is ready by the time the merchant asks for it.
const loadKeyForm = () => import('./KeyFormModal.js');
const KeyFormModal = lazy(() => loadKeyForm().then((m) => ({ default: m.KeyFormModal })));

const STATUS: Record<KeyStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  inactive: { label: 'Inactive', color: 'gray' },
  expired: { label: 'Expired', color: 'red' },
};

const FALLBACK_ABILITIES: AbilityInfo[] = [
  { name: 'payment:checkout', description: 'Create checkout sessions and payment URLs' },
  { name: 'payment:verify', description: 'Read the status and details of a payment' },
  { name: 'payment:refund', description: 'Refund a completed payment, fully or partially' },
];

function StatusBadge({ status }: { status: KeyStatus }) {
  return (
    <Badge color={STATUS[status].color} variant={status === 'active' ? 'filled' : 'light'} style={{ minWidth: 'max-content' }}>
      {STATUS[status].label}
    </Badge>
  );
}

function AbilityBadges({ abilities }: { abilities: string[] }) {
  return (
    <Group gap={4} mt={4}>
      {abilities.map((a) => (
        <Badge key={a} size="sm" variant="outline" tt="none" ff="monospace" style={{ minWidth: 'max-content' }}>{a}</Badge>
      ))}
    </Group>
  );
}

/** The "Key" column: prefix and last characters of the id (never the secret), a Test badge, and a rolled key's end. */
function KeyCell({ apiKey, timezone }: { apiKey: ApiKey; timezone: string }) {
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <Text size="xs" ff="monospace">{apiKey.key_label}</Text>
        {apiKey.mode === 'test' && <Badge size="xs" color="orange" variant="filled">Test</Badge>}
      </Group>
      {apiKey.ends_at && <Text size="xs" c="dimmed">Rolled · stops working {formatTime(apiKey.ends_at, timezone)}</Text>}
    </>
  );
}

function KeyActions({ apiKey, onEdit, onToggle, onDelete, onRoll }: { apiKey: ApiKey; onEdit: () => void; onToggle: () => void; onDelete: () => void; onRoll: () => void }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${apiKey.name}`}>
          <DotsIcon />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={onEdit}>Edit</Menu.Item>
        {!apiKey.rolled_to && <Menu.Item onClick={onRoll}>Roll key…</Menu.Item>}
        <Menu.Item onClick={onToggle}>{apiKey.is_active ? 'Deactivate' : 'Activate'}</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={onDelete}>Delete</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function DeleteKeyModal({ apiKey, busy, onCancel, onConfirm }: { apiKey: ApiKey; busy: boolean; onCancel: () => void; onConfirm: () => void }) {
  useReturnFocus();
  return (
    <Modal opened onClose={onCancel} title="Delete API key" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text>
          Delete the API key <strong>“{apiKey.name}”</strong> ({apiKey.hint})? Every request with it will be refused at once. This cannot be undone.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>Cancel</Button>
          <Button color="red" loading={busy} onClick={onConfirm}>Delete key</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Brand Settings → API Settings (README.md, API keys): the brand's keys, their abilities, the endpoint list and the audit log. */
export function ApiSettingsPage() {
  const { brand } = useBrand();
  usePageTitle('API Settings', brand.name);
  useEffect(() => void loadKeyForm().catch(() => undefined), []);
  // Below 48em the keys are cards, so status and actions stay in view without sideways scrolling.
  const phone = usePhone('(max-width: 48em)');
  const base = `/brands/${enc(brand.slug)}`;
  const keys = useLoad(() => api.get<{ api_keys: ApiKey[] }>(`${base}/api-keys`).then((r) => r.api_keys), [base]);
  const audit = useLoad(() => api.get<{ entries: AuditEntry[] }>(`${base}/audit-log?subject=api_key`).then((r) => r.entries), [base]);
  const abilities = useLoad(() => api.get<{ abilities: AbilityInfo[] }>('/abilities').then((r) => r.abilities), []);

  const [form, setForm] = useState<{ mode: 'create' } | { mode: 'edit'; key: ApiKey } | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [showEndpoints, setShowEndpoints] = useState(false);
  const [rolling, setRolling] = useState<ApiKey | null>(null);
  const [details, setDetails] = useState<ApiKey | null>(null);
  // The one place the new key's value lives: cleared when its modal closes.
  const [created, setCreated] = useState<{ name: string; value: string } | null>(null);

  const refresh = () => Promise.all([keys.reload(), audit.reload()]).then(() => undefined);

  async function create(input: KeyInput) {
    const res = await api.post<{ api_key: ApiKey; key: string }>(`${base}/api-keys`, input);
    setForm(null);
    setCreated({ name: res.api_key.name, value: res.key });
    void refresh();
  }

  async function edit(id: string, input: KeyInput) {
    const res = await api.patch<{ api_key: ApiKey }>(`${base}/api-keys/${enc(id)}`, input);
    setForm(null);
    notifications.show({ color: 'green', message: `Saved the changes to “${res.api_key.name}”.` });
    void refresh();
  }

  async function roll(key: ApiKey, grace: string) {
    const res = await api.post<{ api_key: ApiKey; key: string }>(`${base}/api-keys/${enc(key.id)}/roll`, { grace });
    setRolling(null);
    // Shown once, exactly like a created key.
    setCreated({ name: res.api_key.name, value: res.key });
    void refresh();
  }

  const expiring = (keys.data ?? []).filter((k) => k.expires_in_days !== null);

  async function setActive(key: ApiKey, isActive: boolean) {
    try {
      await api.patch(`${base}/api-keys/${enc(key.id)}`, { is_active: isActive });
      notifications.show({ color: 'green', message: `“${key.name}” is now ${isActive ? 'active' : 'inactive'}.` });
      void refresh();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(err) });
    }
  }

  async function remove(key: ApiKey) {
    setDeleteBusy(true);
    try {
      await api.del(`${base}/api-keys/${enc(key.id)}`);
      setDeleting(null);
      notifications.show({ color: 'green', message: `Deleted “${key.name}”. Requests with it are now refused.` });
      void refresh();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(err) });
    } finally {
      setDeleteBusy(false);
    }
  }

  return (
    <Stack gap="xl">
      <div>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Text size="sm" c="dimmed">Brand Settings</Text>
            <Title order={1} size="h2">API Settings</Title>
          </div>
          <Group gap="sm">
            <Button variant="default" onClick={() => setShowEndpoints(true)}>Show API Endpoints</Button>
            <Button onClick={() => setForm({ mode: 'create' })}>New api key</Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" mt="xs" maw={720}>
          API keys let your website, app or payment plugin use Duar for {brand.name}. Each key carries abilities that say what it may do.
        </Text>
      </div>

      {expiring.length > 0 && (
        <Alert color="orange" variant="light" role="status" title="API keys expiring soon" data-testid="expiry-banner">
          <Stack gap="xs">
            {expiring.map((k) => (
              <Group key={k.id} justify="space-between" gap="sm">
                <Text size="sm">
                  <strong>{k.name}</strong> ({k.key_label}) expires {k.expires_in_days === 0 ? 'at the end of today' : k.expires_in_days === 1 ? 'tomorrow' : `in ${k.expires_in_days} days`} ({k.expires_at}).
                </Text>
                <Button size="xs" variant="default" onClick={() => setRolling(k)}>Roll key</Button>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}

      {/* Keys first; the audit log has its own tab so it never pushes the keys down (on a phone least of all). */}
      <Tabs defaultValue="keys">
        <Tabs.List>
          <Tabs.Tab value="keys">Keys</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="keys" pt="md">
      <section aria-labelledby="keys-title">
        <Title order={2} size="h4" id="keys-title" mb="sm">API keys</Title>
        {keys.error && <LoadError message={keys.error} onRetry={keys.reload} />}
        {!keys.data && !keys.error && <LoadingRows rows={3} />}
        {keys.data && keys.data.length === 0 && (
          <Paper withBorder p="lg" data-testid="keys-empty">
            <Title order={3} size="h5">No API keys yet</Title>
            <Text size="sm" mt="xs" maw={640}>
              An API key is the password your website or plugin (WooCommerce, WHMCS, Laravel, an app…) uses to create payments, check them and
              refund them through Duar. Create one, paste it into your plugin's settings, and keep it secret.
            </Text>
            <Button mt="md" onClick={() => setForm({ mode: 'create' })}>Create your first key</Button>
          </Paper>
        )}
        {keys.data && keys.data.length > 0 && (phone ? (
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="keys-title" data-testid="keys-cards">
            {keys.data.map((k) => (
              <Paper component="li" withBorder p="sm" key={k.id} data-key-id={k.id}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component="button" fw={600} onClick={() => setDetails(k)}>{k.name}</Anchor>
                    <KeyCell apiKey={k} timezone={brand.timezone} />
                  </div>
                  <Group gap={4} wrap="nowrap">
                    <StatusBadge status={k.status} />
                    <KeyActions apiKey={k} onEdit={() => setForm({ mode: 'edit', key: k })} onToggle={() => void setActive(k, !k.is_active)} onDelete={() => setDeleting(k)} onRoll={() => setRolling(k)} />
                  </Group>
                </Group>
                <AbilityBadges abilities={k.abilities} />
                <Text size="xs" c="dimmed" mt={6}>
                  Expires: {k.expires_at ?? 'Never'} · Last used: {k.last_used_at ? formatTime(k.last_used_at, brand.timezone) : 'Never'} · Created: {formatTime(k.created_at, brand.timezone)}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="keys-table" aria-labelledby="keys-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Abilities</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Expires at</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.data.map((k) => (
                  <Table.Tr key={k.id} data-key-id={k.id}>
                    <Table.Td fw={500}>
                      {/* Opens the key's panel: usage chart, last use and settings. */}
                      <Anchor component="button" fw={500} onClick={() => setDetails(k)}>{k.name}</Anchor>
                      {k.note && <Text size="xs" c="dimmed" lineClamp={1}>{k.note}</Text>}
                    </Table.Td>
                    <Table.Td><KeyCell apiKey={k} timezone={brand.timezone} /></Table.Td>
                    <Table.Td><AbilityBadges abilities={k.abilities} /></Table.Td>
                    <Table.Td><StatusBadge status={k.status} /></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{k.expires_at ?? 'Never'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {k.last_used_at ? (
                        <>
                          {formatTime(k.last_used_at, brand.timezone)}
                          {k.last_used_ip && <Text size="xs" c="dimmed">{k.last_used_ip}</Text>}
                        </>
                      ) : (
                        'Never'
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(k.created_at, brand.timezone)}</Table.Td>
                    <Table.Td>
                      <KeyActions apiKey={k} onEdit={() => setForm({ mode: 'edit', key: k })} onToggle={() => void setActive(k, !k.is_active)} onDelete={() => setDeleting(k)} onRoll={() => setRolling(k)} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      </section>

        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLog entries={audit.data} error={audit.error} keys={keys.data ?? []} timezone={brand.timezone} onRetry={audit.reload} />
        </Tabs.Panel>
      </Tabs>

      {form && (
        <Suspense fallback={null}>
          <KeyFormModal
            key={form.mode === 'edit' ? form.key.id : 'new'}
            mode={form.mode}
            apiKey={form.mode === 'edit' ? form.key : undefined}
            abilities={abilities.data ?? FALLBACK_ABILITIES}
            timezone={brand.timezone}
            onClose={() => setForm(null)}
            onSubmit={(input) => (form.mode === 'edit' ? edit(form.key.id, input) : create(input))}
          />
        </Suspense>
      )}
      {created && <KeyCreatedModal name={created.name} value={created.value} onClosed={() => setCreated(null)} />}
      {showEndpoints && <EndpointsModal brandSlug={brand.slug} onClose={() => setShowEndpoints(false)} />}
      {rolling && <RollKeyModal apiKey={rolling} onCancel={() => setRolling(null)} onRoll={(grace) => roll(rolling, grace)} />}
      {details && <KeyDetailsDrawer apiKey={details} brandSlug={brand.slug} timezone={brand.timezone} onClose={() => setDetails(null)} />}
      {deleting && <DeleteKeyModal apiKey={deleting} busy={deleteBusy} onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)} />}
    </Stack>
  );
}

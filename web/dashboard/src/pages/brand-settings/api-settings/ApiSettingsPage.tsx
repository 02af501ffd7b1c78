import { Button, Group, Stack, Tabs, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, enc, errorMessage } from '../../../api/client.js';
import { abilityInfos } from '../../../../../../src/modules/api-keys/abilities.js';
import { useBrandChanged, useBrandQuery } from '../../../api/queries.js';
import type { ApiKey, ApiKeyList, KeyAnswer, KeyCreated } from '../../../api/types.js';
import type { KeyFormBody } from './KeyFormModal.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { usePhone } from '../../../components/use-phone.js';
import { useBrand } from '../../../app/brand.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { QueryState } from '../../../components/states.js';
import { AuditLog } from './AuditLog.js';
import { DeleteKeyModal } from './DeleteKeyModal.js';
import { EndpointsModal } from './EndpointsModal.js';
import { ExpiringKeysBanner } from './ExpiringKeysBanner.js';
import { KeyCreatedModal } from './KeyCreatedModal.js';
import { RollKeyModal } from './RollKeyModal.js';
import { KeyDetailsDrawer } from './KeyDetailsDrawer.js';
import { KeyList, NoKeysYet, type KeyHandlers } from './KeyList.js';

// The key form carries the date picker (@mantine/dates, dayjs): its own chunk, fetched once the page is showing,
// so the page appears sooner and the form is ready by the time the merchant asks for it.
const loadKeyForm = () => import('./KeyFormModal.js');
const KeyFormModal = lazy(() => loadKeyForm().then((m) => ({ default: m.KeyFormModal })));

/** Brand Settings → API Settings (README.md, API keys): the brand's keys, their abilities, the endpoint list and the audit log. */
export function ApiSettingsPage() {
  const { brand } = useBrand();
  usePageTitle('API Settings', brand.name);
  useEffect(() => void loadKeyForm().catch(() => undefined), []);
  // Below 48em the keys are cards, so status and actions stay in view without sideways scrolling.
  const phone = usePhone('(max-width: 48em)');
  const base = `/brands/${enc(brand.slug)}`;
  const keys = useBrandQuery('api-keys', (r: ApiKeyList) => r.api_keys);
  // After every change made here the keys and the audit log load again.
  const refresh = useBrandChanged();

  const [form, setForm] = useState<{ mode: 'create' } | { mode: 'edit'; key: ApiKey } | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const [showEndpoints, setShowEndpoints] = useState(false);
  const [rolling, setRolling] = useState<ApiKey | null>(null);
  const [details, setDetails] = useState<ApiKey | null>(null);
  // The one place the new key's value lives: cleared when its modal closes.
  const [created, setCreated] = useState<{ name: string; value: string } | null>(null);

  async function create(input: KeyFormBody) {
    const res = await api.post<KeyCreated>(`${base}/api-keys`, input);
    setForm(null);
    setCreated({ name: res.api_key.name, value: res.key });
    void refresh();
  }

  async function edit(id: string, input: KeyFormBody) {
    const res = await api.patch<KeyAnswer>(`${base}/api-keys/${enc(id)}`, input);
    setForm(null);
    notifications.show({ color: 'green', message: `Saved the changes to “${res.api_key.name}”.` });
    void refresh();
  }

  async function roll(key: ApiKey, grace: string) {
    const res = await api.post<KeyCreated>(`${base}/api-keys/${enc(key.id)}/roll`, { grace });
    setRolling(null);
    // Shown once, exactly like a created key.
    setCreated({ name: res.api_key.name, value: res.key });
    void refresh();
  }

  const handlers: KeyHandlers = {
    edit: (key) => setForm({ mode: 'edit', key }),
    toggle: (key) => void setActive(key, !key.is_active),
    remove: setDeleting,
    roll: setRolling,
    details: setDetails,
  };

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
    try {
      await api.del(`${base}/api-keys/${enc(key.id)}`);
      setDeleting(null);
      notifications.show({ color: 'green', message: `Deleted “${key.name}”. Requests with it are now refused.` });
      void refresh();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(err) });
    }
  }

  return (
    <Stack gap="xl">
      <PageHeader
        section="Brand Settings"
        title="API Settings"
        actions={
          <Group gap="sm">
            <Button variant="default" onClick={() => setShowEndpoints(true)}>
              Show API Endpoints
            </Button>
            <Button onClick={() => setForm({ mode: 'create' })}>New api key</Button>
          </Group>
        }
      >
        API keys let your website, app or payment plugin use Duar for {brand.name}. Each key carries abilities that say what it may do.
      </PageHeader>

      <ExpiringKeysBanner keys={keys.data ?? []} onRoll={setRolling} />

      {/* Keys first; the audit log has its own tab so it never pushes the keys down (on a phone least of all). */}
      <Tabs defaultValue="keys">
        <Tabs.List>
          <Tabs.Tab value="keys">Keys</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="keys" pt="md">
          <section aria-labelledby="keys-title">
            <Title order={2} size="h4" id="keys-title" mb="sm">
              API keys
            </Title>
            <QueryState query={keys} rows={3} />
            {keys.data && keys.data.length === 0 && <NoKeysYet onCreate={() => setForm({ mode: 'create' })} />}
            {keys.data && keys.data.length > 0 && <KeyList keys={keys.data} phone={phone} timezone={brand.timezone} on={handlers} />}
          </section>
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLog subject="api_key" keys={keys.data ?? []} />
        </Tabs.Panel>
      </Tabs>

      {form && (
        <Suspense fallback={null}>
          <KeyFormModal
            key={form.mode === 'edit' ? form.key.id : 'new'}
            mode={form.mode}
            apiKey={form.mode === 'edit' ? form.key : undefined}
            abilities={abilityInfos}
            timezone={brand.timezone}
            onClose={() => setForm(null)}
            onSubmit={(input) => (form.mode === 'edit' ? edit(form.key.id, input) : create(input))}
          />
        </Suspense>
      )}
      {created && <KeyCreatedModal name={created.name} value={created.value} onClosed={() => setCreated(null)} />}
      {showEndpoints && <EndpointsModal onClose={() => setShowEndpoints(false)} />}
      {rolling && <RollKeyModal apiKey={rolling} onCancel={() => setRolling(null)} onRoll={(grace) => roll(rolling, grace)} />}
      {details && <KeyDetailsDrawer apiKey={details} timezone={brand.timezone} onClose={() => setDetails(null)} />}
      {deleting && <DeleteKeyModal apiKey={deleting} onCancel={() => setDeleting(null)} onConfirm={() => remove(deleting)} />}
    </Stack>
  );
}

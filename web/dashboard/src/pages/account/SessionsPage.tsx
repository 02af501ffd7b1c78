import { Badge, Button, Group, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, enc, request } from '../../api/client.js';
import type { AdminSession } from '../../api/types.js';
import { useBrand } from '../../app/brand.js';
import { formatTime } from '../../app/format.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { Card, CardField, CardList, DataTable } from '../../components/DataTable.js';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { usePhone } from '../../components/use-phone.js';
import { useSubmit } from '../../components/use-submit.js';

const SESSIONS = ['me', 'sessions'];

/** Change password: the current one proves it is you; every other session ends, this one stays. */
function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const submit = useSubmit(
    async () => {
      const res = await api.put<{ other_sessions_ended: number }>('/me/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      const ended = res.other_sessions_ended;
      notifications.show({
        color: 'green',
        message: `Password changed. ${ended === 0 ? 'No other session was open.' : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`}`,
      });
      onChanged();
    },
    { fields: ['current_password', 'new_password'] as const },
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit.onSubmit} maw={480}>
      <Stack gap="sm">
        <PasswordInput
          label="Current password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => {
            setCurrent(e.currentTarget.value);
            submit.clear('current_password');
          }}
          error={submit.fields.current_password}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters. Every other session is signed out."
          required
          autoComplete="new-password"
          value={next}
          onChange={(e) => {
            setNext(e.currentTarget.value);
            submit.clear('new_password');
          }}
          error={submit.fields.new_password}
        />
        {submit.message && (
          <Text c="red" size="sm" role="alert">
            {submit.message}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={submit.busy}>
            Change password
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Your account → Sessions and password: where you are signed in, ending those you do not recognise, and your password. */
export function SessionsPage() {
  const { brand } = useBrand();
  usePageTitle('Sessions and password');
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS, queryFn: () => api.get<{ sessions: AdminSession[] }>('/me/sessions').then((r) => r.sessions) });
  const reload = () => void client.invalidateQueries({ queryKey: SESSIONS });
  const [revoking, setRevoking] = useState<AdminSession | null>(null);
  const [everywhere, setEverywhere] = useState(false);
  const phone = usePhone();
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;
  const time = (iso: string) => formatTime(iso, brand.timezone);

  async function revoke(s: AdminSession) {
    await api.del(`/me/sessions/${enc(s.id)}`);
    setRevoking(null);
    notifications.show({ color: 'green', message: `Signed out ${s.browser}${s.ip ? ` (${s.ip})` : ''}.` });
    reload();
  }

  async function signOutOthers() {
    const { ended } = await request<{ ended: number }>('DELETE', '/me/sessions');
    setEverywhere(false);
    notifications.show({ color: 'green', message: `Signed out everywhere else: ${ended} ${ended === 1 ? 'session' : 'sessions'} ended.` });
    reload();
  }

  const where = (s: AdminSession) => (
    <Group gap={6} wrap="wrap">
      <Text fw={500} size="sm" title={s.user_agent ?? undefined}>
        {s.browser}
      </Text>
      {s.current && (
        <Badge size="xs" color="green" variant="light">
          This session
        </Badge>
      )}
    </Group>
  );
  const revokeButton = (s: AdminSession) =>
    !s.current && (
      <Button size="xs" variant="light" color="red" onClick={() => setRevoking(s)} aria-label={`Sign out ${s.browser}, last active ${time(s.last_active_at)}`}>
        Sign out
      </Button>
    );

  return (
    <Stack gap="xl">
      <PageHeader
        section="Your account"
        title="Sessions and password"
        actions={
          <Button variant="light" color="red" disabled={others === 0} onClick={() => setEverywhere(true)}>
            Sign out everywhere else
          </Button>
        }
      >
        Every browser where your account is signed in. If you do not recognise one, sign it out and change your password.
      </PageHeader>

      <section aria-labelledby="sessions-title">
        <Title order={2} size="h4" id="sessions-title" mb="sm">
          Signed in
        </Title>
        <QueryState query={sessions} rows={2} />
        {phone && sessions.data && (
          <CardList data-testid="sessions-cards" aria-labelledby="sessions-title">
            {sessions.data.map((s) => (
              <Card key={s.id} data-session-id={s.id}>
                {where(s)}
                <CardField label="IP address">{s.ip ?? 'Unknown'}</CardField>
                <CardField label="Last active">{time(s.last_active_at)}</CardField>
                <CardField label="Signed in">{time(s.signed_in_at)}</CardField>
                {!s.current && <Group mt="xs">{revokeButton(s)}</Group>}
              </Card>
            ))}
          </CardList>
        )}
        {!phone && sessions.data && (
          <DataTable
            minWidth={600}
            columns={['Browser', 'IP address', 'Last active', 'Signed in', { label: 'Actions', hidden: true }]}
            verticalSpacing="sm"
            data-testid="sessions-table"
            aria-labelledby="sessions-title"
          >
            {sessions.data.map((s) => (
              <Table.Tr key={s.id} data-session-id={s.id}>
                <Table.Td>{where(s)}</Table.Td>
                <Table.Td>{s.ip ?? 'Unknown'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{time(s.last_active_at)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{time(s.signed_in_at)}</Table.Td>
                <Table.Td>{revokeButton(s)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </section>

      <section aria-labelledby="password-title">
        <Title order={2} size="h4" id="password-title" mb="sm">
          Change password
        </Title>
        <ChangePassword onChanged={reload} />
      </section>

      {revoking && (
        <ConfirmModal title="Sign out a session" confirmLabel="Sign out this session" onCancel={() => setRevoking(null)} onConfirm={() => revoke(revoking)}>
          Sign out <strong>{revoking.browser}</strong>
          {revoking.ip ? ` at ${revoking.ip}` : ''}, last active {time(revoking.last_active_at)}? Whoever uses it must sign in again.
        </ConfirmModal>
      )}
      {everywhere && (
        <ConfirmModal title="Sign out everywhere else" confirmLabel="Sign out everywhere else" onCancel={() => setEverywhere(false)} onConfirm={signOutOthers}>
          Sign out the {others} other {others === 1 ? 'session' : 'sessions'} of your account? This browser stays signed in.
        </ConfirmModal>
      )}
    </Stack>
  );
}

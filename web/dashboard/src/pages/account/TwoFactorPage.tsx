import { Alert, Badge, Button, Code, Group, Image, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, request } from '../../api/client.js';
import { meQuery } from '../../api/queries.js';
import type { TwoFactorEnrolment, TwoFactorState } from '../../api/types.js';
import { CopyIconButton } from '../../components/CopyField.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ShownOnceModal } from '../../components/ShownOnceModal.js';
import { QueryState } from '../../components/states.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSubmit } from '../../components/use-submit.js';

const STATE = ['me', 'two-factor'];

/** A code field: six digits from the app, or (where `recovery`) a recovery code. */
function CodeField({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <TextInput
      label={label}
      description={description}
      required
      maxLength={40}
      autoComplete="one-time-code"
      inputMode="text"
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      maw={320}
      styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.1em' } }}
    />
  );
}

/** Step 2 of enrolment: the QR code (or the secret typed by hand), then a code from the app to prove it works. */
function Enrolment({ enrolment, onConfirmed, onCancel }: { enrolment: TwoFactorEnrolment; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const submit = useSubmit(
    async () => {
      const res = await api.post<{ recovery_codes: string[] }>('/me/two-factor/confirm', { code });
      onConfirmed(res.recovery_codes);
    },
    { fields: ['code'] as const },
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit.onSubmit} aria-labelledby="enrol-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="enrol-title">
          Set up your authenticator app
        </Title>
        <List type="ordered" spacing="xs" size="sm">
          <List.Item>Open an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…) and add an account.</List.Item>
          <List.Item>Scan this QR code, or type the key below by hand.</List.Item>
          <List.Item>Enter the 6-digit code the app then shows.</List.Item>
        </List>
        <Image src={enrolment.qr_code} alt="QR code to add Duar to your authenticator app" w={200} h={200} fit="contain" bg="white" />
        <div>
          <Text size="sm" fw={500} id="secret-label">
            Key to type by hand
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code aria-labelledby="secret-label" data-testid="two-factor-secret" style={{ wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-sm)' }}>
              {enrolment.secret}
            </Code>
            <CopyIconButton value={enrolment.secret} label="Copy the key" />
          </Group>
        </div>
        <CodeField
          label="Code from the app"
          description="6 digits; a new one every 30 seconds."
          value={code}
          onChange={(v) => {
            setCode(v);
            submit.clear('code');
            submit.setError(null);
          }}
          error={submit.fields.code ?? submit.message ?? undefined}
        />
        <Group gap="sm">
          <Button type="submit" loading={submit.busy}>
            Turn on two-factor sign-in
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Turning it off asks for a code (or a recovery code): a stolen open session alone cannot weaken the account. */
function TurnOff({ onOff }: { onOff: () => void }) {
  const [code, setCode] = useState('');
  const submit = useSubmit(
    async () => {
      await request('DELETE', '/me/two-factor', { code });
      setCode('');
      notifications.show({ color: 'green', message: 'Two-factor sign-in is off. Your password alone now signs you in.' });
      onOff();
    },
    { fields: ['code'] as const },
  );
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit.onSubmit} aria-labelledby="off-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="off-title">
          Turn off two-factor sign-in
        </Title>
        <CodeField
          label="Code to turn it off"
          description="The 6-digit code from your app, or one of your recovery codes."
          value={code}
          onChange={(v) => {
            setCode(v);
            submit.clear('code');
            submit.setError(null);
          }}
          error={submit.fields.code ?? submit.message ?? undefined}
        />
        <Group>
          <Button type="submit" color="red" variant="light" loading={submit.busy}>
            Turn off two-factor sign-in
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Your account → Two-factor sign-in: a code from an app on top of the password (RFC 6238 TOTP), with recovery codes. */
export function TwoFactorPage() {
  usePageTitle('Two-factor sign-in');
  const client = useQueryClient();
  const state = useQuery({ queryKey: STATE, queryFn: () => api.get<TwoFactorState>('/me/two-factor') });
  // The secret lives only here while enrolling, and the recovery codes only until their modal closes.
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const changed = () => Promise.all([client.invalidateQueries({ queryKey: STATE }), client.invalidateQueries({ queryKey: meQuery.queryKey })]);
  const start = useSubmit(async () => setEnrolment(await api.post<TwoFactorEnrolment>('/me/two-factor')));

  return (
    <Stack gap="xl">
      <PageHeader section="Your account" title="Two-factor sign-in">
        With two-factor sign-in on, signing in asks for your password and a 6-digit code from an authenticator app on your phone, so a stolen password alone
        opens nothing. It applies to your account in every brand.
      </PageHeader>
      <QueryState query={state} rows={1} />
      {state.data && !state.data.enabled && !enrolment && (
        <Paper withBorder p="md">
          <Stack gap="sm" align="flex-start">
            <Group gap="xs">
              <Text fw={600}>Status:</Text>
              <Badge color="gray" variant="light">
                Off
              </Badge>
            </Group>
            <Text size="sm">Your password alone signs you in.</Text>
            {start.message && (
              <Text c="red" size="sm" role="alert">
                {start.message}
              </Text>
            )}
            <Button loading={start.busy} onClick={() => void start.run()}>
              Set up two-factor sign-in
            </Button>
          </Stack>
        </Paper>
      )}
      {state.data && !state.data.enabled && enrolment && (
        <Enrolment
          enrolment={enrolment}
          onCancel={() => setEnrolment(null)}
          onConfirmed={(recovery) => {
            setEnrolment(null);
            setCodes(recovery);
            void changed();
          }}
        />
      )}
      {state.data?.enabled && (
        <Stack gap="md">
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Group gap="xs">
                <Text fw={600}>Status:</Text>
                <Badge color="green" variant="light">
                  On
                </Badge>
              </Group>
              <Text size="sm" data-testid="recovery-left">
                {state.data.recovery_codes_left} of 10 recovery codes left. Each works once, in place of a code from the app.
              </Text>
              {state.data.recovery_codes_left <= 3 && (
                <Alert color="orange" variant="light">
                  Few recovery codes are left. To get 10 new ones, turn two-factor sign-in off and set it up again.
                </Alert>
              )}
            </Stack>
          </Paper>
          <TurnOff onOff={() => void changed()} />
        </Stack>
      )}
      {codes && (
        <ShownOnceModal
          title="Your recovery codes"
          size="lg"
          noun="codes"
          rows={10}
          notice="Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once in place of a code from the app. Keep them in a password manager or on paper, away from your phone."
          label="Recovery codes"
          value={codes.join('\n')}
          testId="recovery-codes"
          copyLabel="Copy codes"
          savedHint="The codes were copied."
          onClosed={() => setCodes(null)}
        />
      )}
    </Stack>
  );
}

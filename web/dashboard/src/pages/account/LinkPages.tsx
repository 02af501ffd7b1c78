import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSubmit } from '../../components/use-submit.js';

/** The token of an emailed link: it rides in the fragment, which the browser never sends to a server. */
const linkToken = () => window.location.hash.slice(1);

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

type Preview = { brand: { name: string; slug: string }; email: string; role: string; account_exists: boolean };

/** /invitation#token: shows the brand and role, then sets a password (or takes the account's own) to join. */
export function InvitationPage() {
  usePageTitle('Accept invitation');
  const [token] = useState(linkToken);
  const preview = useQuery({ queryKey: ['invitation', token], queryFn: () => api.post<Preview>('/invitations/preview', { token }), retry: false });
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const submit = useSubmit(
    async () => {
      await api.post('/invitations/accept', { token, password });
      setDone(true);
    },
    { fields: ['password'] },
  );
  if (preview.error) {
    return (
      <Card title="Invitation">
        <Alert color="red" role="alert">
          {(preview.error as Error).message}
        </Alert>
      </Card>
    );
  }
  if (!preview.data) return <Card title="Invitation">Loading…</Card>;
  const { brand, email, role, account_exists } = preview.data;
  if (done) {
    return (
      <Card title={`Welcome to ${brand.name}`}>
        <Text>
          You are now {role} of {brand.name}.{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>{' '}
          with {email}.
        </Text>
      </Card>
    );
  }
  return (
    <Card title={`Join ${brand.name}`}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <Text>
            You are invited as <strong>{role}</strong>, with the email {email}.
          </Text>
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <PasswordInput
            label={account_exists ? 'Your password' : 'Choose a password'}
            description={account_exists ? 'You already have an account: give its password.' : 'At least 10 characters.'}
            required
            autoComplete={account_exists ? 'current-password' : 'new-password'}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={submit.fields.password}
            autoFocus
          />
          <Button type="submit" loading={submit.busy} fullWidth>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** /reset-password: asks for a link by email; /reset-password#token: sets the new password. */
export function ResetPasswordPage() {
  usePageTitle('Reset password');
  const [token] = useState(linkToken);
  const [value, setValue] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit(
    async () => {
      if (token) {
        await api.post('/password-reset/confirm', { token, password: value });
        setDone('Your password is changed, and every session of your account has ended.');
      } else {
        await api.post('/password-reset', { email: value });
        setDone('If an account has this email, a reset link is on its way. It works once, for an hour.');
      }
    },
    { fields: ['password', 'email'] },
  );
  return (
    <Card title="Reset your password">
      {done ? (
        <Text role="status">
          {done}{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </Text>
      ) : (
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            {submit.message && (
              <Alert color="red" role="alert">
                {submit.message}
              </Alert>
            )}
            {token ? (
              <PasswordInput
                label="New password"
                description="At least 10 characters."
                required
                autoComplete="new-password"
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                error={submit.fields.password}
                autoFocus
              />
            ) : (
              <TextInput
                label="Email"
                type="email"
                required
                autoComplete="username"
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
                error={submit.fields.email}
                autoFocus
              />
            )}
            <Button type="submit" loading={submit.busy} fullWidth>
              {token ? 'Set new password' : 'Send reset link'}
            </Button>
          </Stack>
        </form>
      )}
    </Card>
  );
}

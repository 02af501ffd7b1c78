import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../app/session.js';
import { usePageTitle } from '../../components/use-page-title.js';
import { useSubmit } from '../../components/use-submit.js';

/**
 * Sign-in, or — on a fresh install with no administrator — first-run setup with the one-time token the server printed.
 */
export function SignInPage({ from }: { from?: string }) {
  const { state, signIn, setup } = useSession();
  const navigate = useNavigate();
  const setupRequired = state.status === 'signed-out' && state.setupRequired;
  const ended = state.status === 'signed-out' && state.ended;
  usePageTitle(setupRequired ? 'Set up' : 'Sign in');
  const [token, setToken] = useState('');
  const [shopName, setShopName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Why the session check failed (Duar could not be reached), until the first try to sign in.
  const [unreachable, setUnreachable] = useState<string | null>(state.status === 'signed-out' ? (state.error ?? null) : null);
  const submit = useSubmit(
    async () => {
      setUnreachable(null);
      if (setupRequired) await setup(token.trim(), email, password, shopName);
      else await signIn(email, password);
      navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
    },
    { fields: ['token', 'shop_name', 'email', 'password'] },
  );
  const { fields, busy } = submit;
  const error = submit.message ?? unreachable;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={submit.onSubmit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <div>
              <Title order={1} size="h2" id="sign-in-title">
                {setupRequired ? 'Set up Duar' : 'Sign in to Duar'}
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                {setupRequired ? (
                  <>
                    Create the first administrator. Paste the one-time setup token that the server printed when it started (or run{' '}
                    <code>duar admin setup-token</code> on the server).
                  </>
                ) : (
                  'Manage your brands, API keys and payments.'
                )}
              </Text>
            </div>
            {ended && !error && (
              <Alert color="yellow" role="status">
                Your session has ended. Sign in again to continue.
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {setupRequired && (
              <TextInput
                label="Setup token"
                required
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
                error={fields.token}
                data-autofocus
                autoFocus
              />
            )}
            {setupRequired && (
              <TextInput
                label="Shop name"
                description="What your customers see on the payment page. You can change it later under Brand Settings → General."
                required
                maxLength={100}
                autoComplete="organization"
                value={shopName}
                onChange={(e) => setShopName(e.currentTarget.value)}
                error={fields.shop_name}
              />
            )}
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete={setupRequired ? 'email' : 'username'}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fields.email}
              autoFocus={!setupRequired}
            />
            <PasswordInput
              label="Password"
              required
              autoComplete={setupRequired ? 'new-password' : 'current-password'}
              description={setupRequired ? 'At least 10 characters.' : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fields.password}
            />
            <Button type="submit" loading={busy} fullWidth>
              {setupRequired ? 'Create administrator' : 'Sign in'}
            </Button>
            {!setupRequired && (
              <Text size="xs" c="dimmed">
                Forgot your password? Ask another administrator, or on the server run <code>duar admin create</code> to add one.
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

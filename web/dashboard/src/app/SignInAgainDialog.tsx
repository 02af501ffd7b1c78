import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSubmit } from '../components/use-submit.js';
import { useSession } from './session.js';

/**
 * The session ended while a page was open (it expired, or was signed out elsewhere): sign in again over the page, so a
 * form being filled in keeps what was typed and can be saved afterwards. Nothing is stored; the password leaves this
 * dialog's state once it closes.
 */
export function SignInAgainDialog({ email: lastEmail }: { email: string }) {
  const { signIn, signOut } = useSession();
  const [email, setEmail] = useState(lastEmail);
  const [password, setPassword] = useState('');
  const submit = useSubmit(async () => signIn(email, password), { fields: ['email', 'password'] });
  const { fields } = submit;

  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      zIndex={400}
      title="Sign in again"
      centered
    >
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <Text size="sm">Your session has ended. Sign in again to continue: what you were doing stays as it is, so you can save it afterwards.</Text>
          {submit.message && (
            <Alert color="red" role="alert">
              {submit.message}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fields.email}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fields.password}
            data-autofocus
          />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void signOut()}>
              Leave and sign out
            </Button>
            <Button type="submit" loading={submit.busy}>
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

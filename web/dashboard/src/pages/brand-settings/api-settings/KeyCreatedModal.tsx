import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useRef, useState } from 'react';
import { CheckIcon, CopyIcon, WarningIcon } from '../../../components/icons.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';

/**
 * Shows a new key's value, once. The value exists only in this component's props/state: the page clears it when the
 * modal closes, and it is never put in storage, the URL, a cache or a notification.
 */
export function KeyCreatedModal({ name, value, onClosed }: { name: string; value: string; onClosed: () => void }) {
  useReturnFocus();
  const clipboard = useClipboard({ timeout: 4000 });
  const [confirming, setConfirming] = useState(false);
  const [copiedOnce, setCopiedOnce] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  function copy() {
    clipboard.copy(value);
    setCopiedOnce(true);
  }

  return (
    <Modal
      opened
      onClose={() => setConfirming(true)}
      closeOnClickOutside={false}
      title="Your new API key"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Alert color="orange" icon={<WarningIcon />} title="Copy it now — it will never be shown again">
          This is the only time Duar shows the key for “{name}”. Store it somewhere safe, such as your website's settings or a password
          manager. If you lose it, create a new key and delete this one.
        </Alert>
        {/* A textarea so the key wraps on a phone and its underscores are not clipped by a one-line input's height. */}
        <Textarea
          ref={inputRef}
          label="API key"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          autosize
          minRows={1}
          styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
          spellCheck={false}
          autoComplete="off"
          data-testid="new-key-value"
          data-autofocus
        />
        <Group justify="space-between" gap="sm">
          <Button
            onClick={copy}
            color={clipboard.copied ? 'teal' : undefined}
            leftSection={clipboard.copied ? <CheckIcon /> : <CopyIcon />}
          >
            {clipboard.copied ? 'Copied' : 'Copy'}
          </Button>
          <Text size="sm" role="status" aria-live="polite" c={clipboard.error ? 'red' : 'teal'}>
            {clipboard.error
              ? 'Your browser did not allow copying. Select the key above and copy it with Ctrl+C (⌘C on a Mac).'
              : clipboard.copied
                ? 'The key was copied to your clipboard.'
                : ''}
          </Text>
        </Group>
        {confirming ? (
          <Alert color="red" variant="light" title="Close without the key?" role="alertdialog" aria-live="assertive">
            <Stack gap="sm">
              <Text size="sm">
                {copiedOnce ? 'Make sure you pasted the key somewhere safe.' : 'You have not copied the key yet.'} After closing, nobody — not even an
                administrator — can see this key again.
              </Text>
              <Group gap="sm">
                <Button color="red" onClick={onClosed}>I have saved the key, close</Button>
                <Button variant="default" autoFocus onClick={() => { setConfirming(false); inputRef.current?.focus(); }}>Go back</Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(true)}>Done</Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

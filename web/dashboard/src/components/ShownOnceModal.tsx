import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useRef, useState, type ReactNode } from 'react';
import { CheckIcon, CopyIcon, WarningIcon } from './icons.js';
import { useReturnFocus } from './use-return-focus.js';

type Props = {
  title: string;
  size: 'lg' | 'xl';
  /** Whose secret it is and what to do if it is lost. */
  notice: ReactNode;
  /** The secret's field label ("API key", "Device key"). */
  label: string;
  value: string;
  testId: string;
  copyLabel: string;
  /** What to check before closing, once the secret was copied. */
  savedHint: string;
  onClosed: () => void;
  /** Anything to show between the secret and the closing buttons (setup steps). */
  children?: ReactNode;
  /** What the secret is called in the closing words ("key", "link", "codes"). */
  noun?: string;
  /** Rows of the text area at first (recovery codes show all ten). */
  rows?: number;
};

/**
 * A secret shown once (a new API key, a new device key). The value exists only in the caller's state, which is cleared
 * when this closes; it is never put in storage, the URL, a cache or a notification. Closing asks for confirmation.
 */
export function ShownOnceModal({ title, size, notice, label, value, testId, copyLabel, savedHint, onClosed, children, noun = 'key', rows = 1 }: Props) {
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
    <Modal opened onClose={() => setConfirming(true)} closeOnClickOutside={false} title={title} size={size} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="md">
        <Alert color="orange" icon={<WarningIcon />} title="Copy it now — it will never be shown again">
          {notice}
        </Alert>
        {/* A textarea so the key wraps on a phone and its underscores are not clipped by a one-line input's height. */}
        <Textarea
          ref={inputRef}
          label={label}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          autosize
          minRows={rows}
          styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
          spellCheck={false}
          autoComplete="off"
          data-testid={testId}
          data-autofocus
        />
        <Group justify="space-between" gap="sm">
          <Button onClick={copy} color={clipboard.copied ? 'teal' : undefined} leftSection={clipboard.copied ? <CheckIcon /> : <CopyIcon />}>
            {clipboard.copied ? 'Copied' : copyLabel}
          </Button>
          <Text size="sm" role="status" aria-live="polite" c={clipboard.error ? 'red' : 'teal'}>
            {clipboard.error
              ? `Your browser did not allow copying. Select the ${noun} above and copy it with Ctrl+C (⌘C on a Mac).`
              : clipboard.copied
                ? `The ${noun} ${noun.endsWith('s') ? 'were' : 'was'} copied to your clipboard.`
                : ''}
          </Text>
        </Group>
        {children}
        {confirming ? (
          <Alert color="red" variant="light" title={`Close without the ${noun}?`} role="alertdialog" aria-live="assertive">
            <Stack gap="sm">
              <Text size="sm">
                {copiedOnce ? savedHint : `You have not copied the ${noun} yet.`} After closing, nobody — not even an administrator — can see{' '}
                {noun.endsWith('s') ? 'these' : 'this'} {noun} again.
              </Text>
              <Group gap="sm">
                <Button color="red" onClick={onClosed}>
                  I have saved the {noun}, close
                </Button>
                <Button
                  variant="default"
                  autoFocus
                  onClick={() => {
                    setConfirming(false);
                    inputRef.current?.focus();
                  }}
                >
                  Go back
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(true)}>
              Done
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useReturnFocus } from './use-return-focus.js';

/**
 * A small form in a modal: its fields as children, then Cancel and the submit button. `submit` is a useSubmit: Enter
 * or the button runs it once, and the button spins while it runs.
 */
export function FormModal({
  title,
  size,
  submitLabel,
  submit,
  onClose,
  children,
}: {
  title: string;
  size?: 'lg';
  submitLabel: string;
  submit: { onSubmit: (e: FormEvent) => void; busy: boolean };
  onClose: () => void;
  children: ReactNode;
}) {
  useReturnFocus();
  return (
    <Modal opened onClose={onClose} title={title} size={size} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit.onSubmit}>
        <Stack>
          {children}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useReturnFocus } from './use-return-focus.js';
import { useSubmit } from './use-submit.js';

/**
 * A confirmation for something that cannot be undone (delete a key, revoke a device): Cancel has the focus, the red
 * button runs the action once however often it is pressed, and a failure is said above the buttons.
 */
export function ConfirmModal({
  title,
  confirmLabel,
  onCancel,
  onConfirm,
  children,
}: {
  title: string;
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
  children: ReactNode;
}) {
  useReturnFocus();
  const submit = useSubmit(onConfirm);
  return (
    <Modal opened onClose={onCancel} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text>{children}</Text>
        {submit.message && (
          <Text c="red" size="sm" role="alert">
            {submit.message}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={submit.busy} onClick={() => void submit.run()}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

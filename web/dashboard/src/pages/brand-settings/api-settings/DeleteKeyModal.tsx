import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ApiKey } from '../../../api/types.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';
import { useSubmit } from '../../../components/use-submit.js';

/** "Delete API key": the confirmation, whose button runs the deletion once however often it is pressed. */
export function DeleteKeyModal({ apiKey, onCancel, onConfirm }: { apiKey: ApiKey; onCancel: () => void; onConfirm: () => Promise<void> }) {
  useReturnFocus();
  const submit = useSubmit(onConfirm);
  return (
    <Modal opened onClose={onCancel} title="Delete API key" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text>
          Delete the API key <strong>“{apiKey.name}”</strong> ({apiKey.hint})? Every request with it will be refused at once. This cannot be undone.
        </Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-autofocus>Cancel</Button>
          <Button color="red" loading={submit.busy} onClick={() => void submit.run()}>Delete key</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

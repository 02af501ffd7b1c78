import type { ApiKey } from '../../../api/types.js';
import { ConfirmModal } from '../../../components/ConfirmModal.js';

/** "Delete API key": the confirmation, whose button runs the deletion once however often it is pressed. */
export function DeleteKeyModal({ apiKey, onCancel, onConfirm }: { apiKey: ApiKey; onCancel: () => void; onConfirm: () => Promise<void> }) {
  return (
    <ConfirmModal title="Delete API key" confirmLabel="Delete key" onCancel={onCancel} onConfirm={onConfirm}>
      Delete the API key <strong>“{apiKey.name}”</strong> ({apiKey.hint})? Every request with it will be refused at once. This cannot be undone.
    </ConfirmModal>
  );
}

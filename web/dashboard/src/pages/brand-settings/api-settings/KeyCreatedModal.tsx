import { ShownOnceModal } from '../../../components/ShownOnceModal.js';

/** Shows a new key's value, once; the page clears it when the modal closes. */
export function KeyCreatedModal({ name, value, onClosed }: { name: string; value: string; onClosed: () => void }) {
  return (
    <ShownOnceModal
      title="Your new API key"
      size="lg"
      notice={
        <>
          This is the only time Duar shows the key for “{name}”. Store it somewhere safe, such as your website's settings or a password manager. If you lose it,
          create a new key and delete this one.
        </>
      }
      label="API key"
      value={value}
      testId="new-key-value"
      copyLabel="Copy"
      savedHint="Make sure you pasted the key somewhere safe."
      onClosed={onClosed}
    />
  );
}

import { Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { FormModal } from '../../components/FormModal.js';
import { useSubmit } from '../../components/use-submit.js';

/** Paste a wallet SMS by hand: it is checked exactly like one a phone forwards (sender, format, balance, matching). */
export function PasteSmsModal({ onClose, onAdd }: { onClose: () => void; onAdd: (from: string, text: string) => Promise<void> }) {
  const [from, setFrom] = useState('');
  const [text, setText] = useState('');
  const submit = useSubmit(() => onAdd(from, text), { fields: ['from', 'text'] });
  return (
    <FormModal title="Paste an SMS" size="lg" submitLabel="Add SMS" submit={submit} onClose={onClose}>
      <Text size="sm">Copy a “money received” message from the phone, exactly as it arrived. Duar checks it the same way as a forwarded one.</Text>
      <TextInput
        label="Sender"
        description="As the phone shows it, for example bKash, NAGAD or 16216"
        required
        maxLength={100}
        value={from}
        onChange={(e) => {
          setFrom(e.currentTarget.value);
          submit.clear('from');
        }}
        error={submit.fields.from}
        data-autofocus
      />
      <Textarea
        label="Message"
        required
        autosize
        minRows={4}
        maxLength={1600}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          submit.clear('text');
        }}
        error={submit.fields.text}
      />
      {submit.message && (
        <Text c="red" size="sm" role="alert">
          {submit.message}
        </Text>
      )}
    </FormModal>
  );
}

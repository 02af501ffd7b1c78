import { Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../api/client.js';
import { FormModal } from '../../components/FormModal.js';
import { useSubmit } from '../../components/use-submit.js';

/** Paste a wallet SMS by hand: it is checked exactly like one a phone forwards (sender, format, balance, matching). */
export function PasteSmsModal({ onClose, onAdd }: { onClose: () => void; onAdd: (from: string, text: string) => Promise<void> }) {
  const [from, setFrom] = useState('');
  const [text, setText] = useState('');
  const submit = useSubmit(() => onAdd(from, text));
  const errors = fieldErrors(submit.error);
  const general = submit.error && !errors.from && !errors.text ? submit.message : null;
  return (
    <FormModal title="Paste an SMS" size="lg" submitLabel="Add SMS" submit={submit} onClose={onClose}>
      <Text size="sm">
        Copy a “money received” message from the phone, exactly as it arrived. Duar checks it the same way as a forwarded one.
      </Text>
      <TextInput
        label="Sender"
        description="As the phone shows it, for example bKash, NAGAD or 16216"
        required
        maxLength={100}
        value={from}
        onChange={(e) => { setFrom(e.currentTarget.value); submit.setError(null); }}
        error={errors.from}
        data-autofocus
      />
      <Textarea
        label="Message"
        required
        autosize
        minRows={4}
        maxLength={1600}
        value={text}
        onChange={(e) => { setText(e.currentTarget.value); submit.setError(null); }}
        error={errors.text}
      />
      {general && <Text c="red" size="sm" role="alert">{general}</Text>}
    </FormModal>
  );
}

import { Alert, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { money } from '../../app/format.js';
import { FormModal } from '../../components/FormModal.js';
import { useSubmit } from '../../components/use-submit.js';
import type { Invoice } from '../../api/types.js';

/** Records a payment made elsewhere (cash, bank transfer): how, its transaction ID and a note; audited by the server. */
export function MarkPaidModal({ invoice, base, onClose, onDone }: { invoice: Invoice; base: string; onClose: () => void; onDone: () => Promise<void> }) {
  const [method, setMethod] = useState('');
  const [trx, setTrx] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit(
    async () => {
      await api.post(`${base}/mark-paid`, { method, transaction_id: trx.trim() || null, note });
      await onDone();
    },
    { fields: ['method', 'transaction_id', 'note'] },
  );
  const { fields: errors, clear } = submit;
  return (
    <FormModal title={`Mark ${invoice.number} as paid`} submitLabel="Mark as paid" submit={submit} onClose={onClose}>
      {submit.message && (
        <Alert color="red" role="alert">
          {submit.message}
        </Alert>
      )}
      <TextInput
        label="Method"
        description={`How ${money(invoice.total, invoice.currency)} was paid, e.g. Cash or Bank transfer`}
        withAsterisk
        maxLength={50}
        value={method}
        error={errors.method}
        onChange={(e) => {
          setMethod(e.currentTarget.value);
          clear('method');
        }}
        data-autofocus
      />
      <TextInput
        label="Transaction ID"
        description="Optional"
        maxLength={100}
        value={trx}
        error={errors.transaction_id}
        onChange={(e) => {
          setTrx(e.currentTarget.value);
          clear('transaction_id');
        }}
      />
      <Textarea
        label="Note"
        description="Optional, for your team"
        maxLength={1000}
        value={note}
        error={errors.note}
        onChange={(e) => {
          setNote(e.currentTarget.value);
          clear('note');
        }}
      />
    </FormModal>
  );
}

import { Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { SmsWallet } from '../../api/types.js';
import { FormModal } from '../../components/FormModal.js';
import { useSubmit } from '../../components/use-submit.js';

/** Set a wallet's balance after money left it without an SMS Duar saw (a cash-out, a fee). */
export function SetBalanceModal({
  wallet,
  label,
  onClose,
  onSave,
}: {
  wallet: SmsWallet;
  label: string;
  onClose: () => void;
  onSave: (balance: string) => Promise<void>;
}) {
  const [balance, setBalance] = useState(wallet.balance ?? '');
  const submit = useSubmit(() => onSave(balance.trim()), { fields: ['balance'] });
  return (
    <FormModal title={`Set the ${wallet.provider_label} balance`} submitLabel="Set balance" submit={submit} onClose={onClose}>
      <Text size="sm">
        Type the balance the {wallet.provider_label} app shows now for {label}. Messages waiting because their balance did not follow are checked again from it.
      </Text>
      <TextInput
        label="Balance (৳)"
        required
        inputMode="decimal"
        value={balance}
        onChange={(e) => {
          setBalance(e.currentTarget.value);
          submit.setError(null);
        }}
        error={submit.fields.balance ?? submit.message}
        data-autofocus
      />
    </FormModal>
  );
}

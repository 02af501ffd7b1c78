import { Select, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { InvitationCreated, Role } from '../../../api/types.js';
import { FormModal } from '../../../components/FormModal.js';
import { ShownOnceModal } from '../../../components/ShownOnceModal.js';
import { useSubmit } from '../../../components/use-submit.js';
import { ROLE_CHOICES } from './roles.js';

/** "Invite by email": the address and the role the person will have once they accept. */
export function InviteModal({ onClose, onInvite }: { onClose: () => void; onInvite: (email: string, role: Role) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const submit = useSubmit(() => onInvite(email, role), { fields: ['email', 'role'] as const });
  return (
    <FormModal title="Invite by email" submitLabel="Send invitation" submit={submit} onClose={onClose}>
      <Text size="sm">
        Duar emails a one-time link, valid for 7 days. Whoever opens it chooses a password and joins this brand with the role you pick; you can change or remove
        the role later.
      </Text>
      <TextInput
        label="Email"
        type="email"
        required
        maxLength={254}
        autoComplete="off"
        value={email}
        onChange={(e) => {
          setEmail(e.currentTarget.value);
          submit.clear('email');
        }}
        error={submit.fields.email}
        data-autofocus
      />
      <Select
        label="Role"
        required
        allowDeselect={false}
        data={ROLE_CHOICES}
        value={role}
        onChange={(v) => v && setRole(v as Role)}
        error={submit.fields.role}
        comboboxProps={{ withinPortal: true }}
      />
      {submit.message && (
        <Text c="red" size="sm" role="alert">
          {submit.message}
        </Text>
      )}
    </FormModal>
  );
}

/** The invitation's link, shown this once: the server keeps only its digest. */
export function InvitationLinkModal({ created, onClosed }: { created: InvitationCreated; onClosed: () => void }) {
  const { invitation, emailed } = created;
  return (
    <ShownOnceModal
      title={`Invitation for ${invitation.email}`}
      size="lg"
      noun="link"
      notice={
        emailed
          ? `Duar emailed this link to ${invitation.email}. Keep a copy only if you want to pass it on yourself: it works once, for 7 days, and joins as ${invitation.role}.`
          : `Duar could not email ${invitation.email} (no mail server is set up, or it refused). Give them this link yourself: it works once, for 7 days, and joins as ${invitation.role}.`
      }
      label="Invitation link"
      value={created.link}
      testId="invitation-link"
      copyLabel="Copy link"
      savedHint="The link was copied."
      onClosed={onClosed}
    />
  );
}

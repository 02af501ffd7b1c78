import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, enc, errorMessage } from '../../../api/client.js';
import { brandQuery, meQuery, useBrandChanged } from '../../../api/queries.js';
import type { Invitation, InvitationCreated, Member, Role, TeamView } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { formatTime } from '../../../app/format.js';
import { ConfirmModal } from '../../../components/ConfirmModal.js';
import { Card, CardField, CardList, DataTable } from '../../../components/DataTable.js';
import { PageHeader } from '../../../components/PageHeader.js';
import { QueryState } from '../../../components/states.js';
import { usePageTitle } from '../../../components/use-page-title.js';
import { usePhone } from '../../../components/use-phone.js';
import { InvitationLinkModal, InviteModal } from './InviteModals.js';
import { ROLE_CHOICES, ROLE_WORDS, roleName } from './roles.js';

type Removing = { kind: 'member'; member: Member } | { kind: 'invitation'; invitation: Invitation };

/** Brand Settings → Team (owners only): who works in the brand with which role, invitations, and the two-factor rule. */
export function TeamPage() {
  const { brand } = useBrand();
  usePageTitle('Team', brand.name);
  const base = `/brands/${enc(brand.slug)}/team`;
  const team = useQuery(brandQuery<TeamView>(brand.slug, 'team'));
  const requirement = useQuery(brandQuery<{ required: boolean }>(brand.slug, 'two-factor'));
  const me = useQuery(meQuery);
  const changed = useBrandChanged();
  const phone = usePhone();
  const [inviting, setInviting] = useState(false);
  // The one place the new link lives: cleared when its modal closes.
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  const [removing, setRemoving] = useState<Removing | null>(null);
  const [switching, setSwitching] = useState(false);

  async function invite(email: string, role: Role) {
    const res = await api.post<InvitationCreated>(base, { email, role });
    setInviting(false);
    setCreated(res);
    void changed();
  }

  async function changeRole(member: Member, role: Role) {
    try {
      await api.patch(`${base}/${enc(member.id)}`, { role });
      notifications.show({ color: 'green', message: `${member.email} is now ${roleName(role).toLowerCase()}.` });
    } catch (err) {
      notifications.show({ color: 'red', title: `Could not change the role of ${member.email}`, message: errorMessage(err) });
    }
    void changed();
  }

  async function remove(what: Removing) {
    const id = what.kind === 'member' ? what.member.id : what.invitation.id;
    await api.del(`${base}/${enc(id)}`);
    setRemoving(null);
    const email = what.kind === 'member' ? what.member.email : what.invitation.email;
    notifications.show({ color: 'green', message: what.kind === 'member' ? `Removed ${email} from ${brand.name}.` : `Withdrew the invitation for ${email}.` });
    void changed();
  }

  async function setRequired(required: boolean) {
    setSwitching(true);
    try {
      await api.put(`/brands/${enc(brand.slug)}/two-factor`, { required });
      notifications.show({
        color: 'green',
        message: required ? 'Everyone in the brand now needs two-factor sign-in.' : 'Two-factor sign-in is now up to each person.',
      });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not change the two-factor rule', message: errorMessage(err) });
    } finally {
      setSwitching(false);
      void changed();
    }
  }

  const members = { ...team, data: team.data?.members };
  const invitations = team.data?.invitations ?? [];
  const roleSelect = (m: Member) => (
    <Select
      aria-label={`Role of ${m.email}`}
      size="xs"
      w={130}
      allowDeselect={false}
      data={ROLE_CHOICES}
      value={m.role}
      disabled={m.installation_owner}
      onChange={(v) => v && v !== m.role && void changeRole(m, v as Role)}
    />
  );
  const removeButton = (m: Member) =>
    !m.installation_owner && (
      <Button size="xs" variant="light" color="red" onClick={() => setRemoving({ kind: 'member', member: m })} aria-label={`Remove ${m.email}`}>
        Remove
      </Button>
    );
  const who = (m: Member) => (
    <Group gap={6} wrap="wrap">
      <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {m.email}
      </Text>
      {m.id === me.data?.id && (
        <Badge size="xs" variant="light">
          You
        </Badge>
      )}
      {m.installation_owner && (
        <Badge size="xs" variant="light" color="gray">
          Set up Duar
        </Badge>
      )}
    </Group>
  );
  const twoFactor = (m: Member) => (
    <Badge color={m.two_factor ? 'green' : 'gray'} variant="light" style={{ minWidth: 'max-content' }}>
      {m.two_factor ? 'Two-factor on' : 'Password only'}
    </Badge>
  );
  const lastSeen = (m: Member) => (m.last_sign_in_at ? formatTime(m.last_sign_in_at, brand.timezone) : 'Never');
  const withdraw = (i: Invitation) => (
    <Button
      size="xs"
      variant="light"
      color="red"
      onClick={() => setRemoving({ kind: 'invitation', invitation: i })}
      aria-label={`Withdraw the invitation for ${i.email}`}
    >
      Withdraw
    </Button>
  );

  return (
    <Stack gap="xl">
      <PageHeader section="Brand Settings" title="Team" actions={<Button onClick={() => setInviting(true)}>Invite by email</Button>}>
        Who works in {brand.name}, and what each may do. Only owners see this page. Every change here is in the audit log.
      </PageHeader>

      <section aria-labelledby="members-title">
        <Title order={2} size="h4" id="members-title" mb="sm">
          Members
        </Title>
        <QueryState query={members} rows={2} />
        {phone && members.data && (
          <CardList data-testid="members-cards" aria-labelledby="members-title">
            {members.data.map((m) => (
              <Card key={m.id} data-member-id={m.id}>
                {who(m)}
                <Group mt="xs" gap="xs">
                  {twoFactor(m)}
                </Group>
                <CardField label="Last sign-in">{lastSeen(m)}</CardField>
                <Group mt="xs" gap="sm">
                  {roleSelect(m)}
                  {removeButton(m)}
                </Group>
              </Card>
            ))}
          </CardList>
        )}
        {!phone && members.data && (
          <DataTable
            minWidth={640}
            columns={['Member', 'Role', 'Sign-in', 'Last sign-in', { label: 'Actions', hidden: true }]}
            verticalSpacing="sm"
            data-testid="members-table"
            aria-labelledby="members-title"
          >
            {members.data.map((m) => (
              <Table.Tr key={m.id} data-member-id={m.id}>
                <Table.Td>
                  {who(m)}
                  <Text size="xs" c="dimmed">
                    Joined {formatTime(m.joined_at, brand.timezone)}
                  </Text>
                </Table.Td>
                <Table.Td>{roleSelect(m)}</Table.Td>
                <Table.Td>{twoFactor(m)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{lastSeen(m)}</Table.Td>
                <Table.Td>{removeButton(m)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        <Stack component="dl" gap={2} mt="md" mb={0} aria-label="What each role may do">
          {ROLE_CHOICES.map(({ value, label }) => (
            <Text key={value} component="div" size="sm" c="dimmed">
              <Text component="dt" span fw={600} display="inline">
                {label}:
              </Text>{' '}
              <Text component="dd" span display="inline" m={0}>
                {ROLE_WORDS[value]}
              </Text>
            </Text>
          ))}
        </Stack>
      </section>

      <section aria-labelledby="invitations-title">
        <Title order={2} size="h4" id="invitations-title" mb="sm">
          Pending invitations
        </Title>
        {team.data && invitations.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="invitations-empty">
            No invitation is waiting. Accepted, withdrawn and expired ones are not listed.
          </Text>
        )}
        {invitations.length > 0 && (
          <CardList data-testid="invitations" aria-labelledby="invitations-title">
            {invitations.map((i) => (
              <Card key={i.id} data-invitation-id={i.id}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={500} size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {i.email} — {roleName(i.role).toLowerCase()}
                    </Text>
                    <Text size="xs" c="dimmed">
                      Sent {formatTime(i.created_at, brand.timezone)}
                      {i.invited_by ? ` by ${i.invited_by}` : ''}, valid until {formatTime(i.expires_at, brand.timezone)}
                    </Text>
                  </div>
                  {withdraw(i)}
                </Group>
              </Card>
            ))}
          </CardList>
        )}
      </section>

      <section aria-labelledby="require-title">
        <Title order={2} size="h4" id="require-title" mb="sm">
          Two-factor sign-in
        </Title>
        <Paper withBorder p="md">
          <Switch
            label={`Require two-factor sign-in for everyone in ${brand.name}`}
            description="Members without it can open nothing in this brand until they turn it on for their account."
            checked={requirement.data?.required ?? false}
            disabled={requirement.data === undefined || switching || (!requirement.data.required && me.data?.two_factor === false)}
            onChange={(e) => void setRequired(e.currentTarget.checked)}
          />
          {requirement.data && !requirement.data.required && me.data?.two_factor === false && (
            <Alert color="blue" variant="light" mt="sm">
              Turn on two-factor sign-in for your own account first, so the rule cannot lock you out:{' '}
              <Anchor component={Link} to={`/brands/${brand.slug}/account/two-factor`} c="inherit" underline="always" fw={600}>
                Two-factor sign-in
              </Anchor>
              .
            </Alert>
          )}
        </Paper>
      </section>

      {inviting && <InviteModal onClose={() => setInviting(false)} onInvite={invite} />}
      {created && <InvitationLinkModal created={created} onClosed={() => setCreated(null)} />}
      {removing && (
        <ConfirmModal
          title={removing.kind === 'member' ? 'Remove member' : 'Withdraw invitation'}
          confirmLabel={removing.kind === 'member' ? 'Remove member' : 'Withdraw invitation'}
          onCancel={() => setRemoving(null)}
          onConfirm={() => remove(removing)}
        >
          {removing.kind === 'member' ? (
            <>
              Remove <strong>{removing.member.email}</strong> from {brand.name}? Their account stays, with any other brands; they can no longer open this one.
            </>
          ) : (
            <>
              Withdraw the invitation for <strong>{removing.invitation.email}</strong>? Its link stops working at once.
            </>
          )}
        </ConfirmModal>
      )}
    </Stack>
  );
}

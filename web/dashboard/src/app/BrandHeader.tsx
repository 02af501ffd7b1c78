import { Burger, Button, Group, Select, Text } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import type { Brand } from '../api/types.js';
import { PlusIcon } from '../components/icons.js';
import { useSession } from './session.js';

/**
 * The header of every signed-in page: the menu button (phones), the brand switcher (which keeps the section open),
 * "New brand" (for the installation's owner, who alone creates brands), who is signed in and "Sign out". On a phone the brand's name takes the place of "Duar", and "New brand"
 * keeps its words (a bare "+" said nothing).
 */
export function BrandHeader({
  brands,
  brand,
  slug,
  section,
  menuOpened,
  onOpenMenu,
  onNewBrand,
}: {
  brands: Brand[] | undefined;
  brand: Brand | undefined;
  slug: string | undefined;
  section: string;
  menuOpened: boolean;
  onOpenMenu: () => void;
  onNewBrand: () => void;
}) {
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger opened={menuOpened} onClick={onOpenMenu} hiddenFrom="sm" size="sm" aria-label={menuOpened ? 'Close menu' : 'Open menu'} />
        <Text fw={700} size="lg" component="span" visibleFrom="xs">
          Duar
        </Text>
        {brands && brands.length > 1 ? (
          <Select
            aria-label="Brand"
            size="xs"
            w={{ base: 120, sm: 200 }}
            data={brands.map((b) => ({ value: b.slug, label: b.name }))}
            value={slug ?? null}
            allowDeselect={false}
            onChange={(next) => next && navigate(`/brands/${next}/${section}`)}
          />
        ) : (
          brand && (
            <Text size="sm" fw={500} truncate data-testid="header-brand" style={{ minWidth: 0 }}>
              {brand.name}
            </Text>
          )
        )}
        {brands && state.status === 'signed-in' && state.installationOwner && (
          <Button variant="light" size="compact-xs" leftSection={<PlusIcon />} onClick={onNewBrand} style={{ flexShrink: 0 }}>
            New brand
          </Button>
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {state.status === 'signed-in' && (
          <Text size="sm" c="dimmed" visibleFrom="md">
            {state.admin.email}
          </Text>
        )}
        <Button variant="subtle" size="xs" onClick={() => void signOut()}>
          Sign out
        </Button>
      </Group>
    </Group>
  );
}

import { Anchor, AppShell, Button, Center, Container, Loader, Text, VisuallyHidden } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { brandQuery, brandsChanged, useBrands } from '../api/queries.js';
import type { PaymentList } from '../api/types.js';
import { LoadError, NotFound, PageLoading } from '../components/states.js';
import { PlusIcon } from '../components/icons.js';
import { BrandHeader } from './BrandHeader.js';
import { MainMenu } from './MainMenu.js';
import { NewBrandModal } from './NewBrandModal.js';
import { BrandContext } from './brand.js';
import { countLabel, weekendDays } from './format.js';

/** "New brand": opens the form; once created, the brand list is loaded again and its API Settings open. */
function useNewBrand() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const modal = open ? (
    <NewBrandModal
      onClose={() => setOpen(false)}
      onCreated={async (brand) => {
        // Load the list first, so the switcher knows the brand by the time its page opens.
        await brandsChanged();
        setOpen(false);
        notifications.show({ color: 'green', message: `Created the brand ${brand.name}.` });
        navigate(`/brands/${brand.slug}/settings/api`);
      }}
    />
  ) : null;
  return { openNewBrand: () => setOpen(true), newBrandModal: modal };
}

export function FirstBrandRedirect() {
  const brands = useBrands();
  const { openNewBrand, newBrandModal } = useNewBrand();
  if (brands.error)
    return (
      <Container py="xl">
        <LoadError error={brands.error} onRetry={() => void brands.refetch()} />
      </Container>
    );
  if (!brands.data)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading brands" />
      </Center>
    );
  const first = brands.data[0];
  return first ? (
    <Navigate to={`/brands/${first.slug}/overview`} replace />
  ) : (
    <Container py="xl">
      <Text>
        No brand exists yet. Create one here or with <code>duar brands create</code>.
      </Text>
      <Button mt="md" leftSection={<PlusIcon />} onClick={openNewBrand}>
        New brand
      </Button>
      {newBrandModal}
    </Container>
  );
}

/** The frame around every signed-in page: header with brand switcher and sign-out, the menu, and the page. */
export function BrandLayout() {
  const { brand: slug } = useParams();
  const brands = useBrands();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger: the menu closes on every navigation.
  useEffect(close, [location.pathname, close]);
  const { openNewBrand, newBrandModal } = useNewBrand();

  const brand = brands.data?.find((b) => b.slug === slug);
  // The count behind "Needs approval": the list's total for pending payments, asked again on every page change (and
  // after every change in the brand, as all its queries are).
  const needsApproval = useQuery({
    ...brandQuery<PaymentList>(brand?.slug ?? '', 'payments?status=pending&per_page=1'),
    enabled: brand !== undefined,
    select: (r) => (r.total ? countLabel(r.total, r.total_capped) : null),
  });
  const { refetch } = needsApproval;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger: each page change asks again.
  useEffect(() => {
    if (brand) void refetch({ cancelRefetch: false });
  }, [location.pathname, brand?.slug, refetch]);
  const section = location.pathname.split(`/brands/${slug}/`)[1] ?? 'settings/api';

  let body: ReactNode;
  if (brands.error) body = <LoadError error={brands.error} onRetry={() => void brands.refetch()} />;
  else if (!brands.data)
    body = (
      <Center py="xl">
        <Loader aria-label="Loading brand" />
      </Center>
    );
  else if (!brand)
    body = (
      <NotFound
        title="No such brand"
        message={`There is no brand “${slug}”. It may have been renamed, or the link is mistyped.`}
        back={{ to: '/', label: 'Go to your first brand' }}
      />
    );
  // Inside the frame: while a page's code arrives the header and menu stay put, and a placeholder of a page's
  // shape (title, then rows) holds its place. Later switches are transitions, so the old page stays until the new is ready.
  else
    body = (
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    );

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor
        href="#main"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </Anchor>
      <AppShell.Header>
        <BrandHeader brands={brands.data} brand={brand} slug={slug} section={section} onOpenMenu={toggle} menuOpened={opened} onNewBrand={openNewBrand} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main menu">
        <MainMenu slug={slug} section={section} needsApproval={needsApproval.data ?? null} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <VisuallyHidden role="status" aria-live="polite">
          {brand ? `Brand ${brand.name}` : ''}
        </VisuallyHidden>
        <Container size="lg" px={0}>
          {brand && brands.data ? (
            <BrandContext.Provider value={{ brand, brands: brands.data }}>
              {/* Calendars mark the brand's weekend (Friday and Saturday in Bangladesh); weeks start on Saturday. */}
              <DatesProvider settings={{ firstDayOfWeek: 6, weekendDays: weekendDays(brand.timezone) }}>{body}</DatesProvider>
            </BrandContext.Provider>
          ) : (
            body
          )}
        </Container>
      </AppShell.Main>
      {newBrandModal}
    </AppShell>
  );
}

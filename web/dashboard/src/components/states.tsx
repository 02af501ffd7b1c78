import { Alert, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api/client.js';
import { WarningIcon } from './icons.js';

/** A load failure in the server's words, with a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title="Could not load" icon={<WarningIcon />} role="alert">
      <Stack gap="xs">
        <span>{errorMessage(error)}</span>
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** Placeholder rows of the size the content will have, so the page does not jump when it arrives. */
export function LoadingRows({ rows = 3, height = 36 }: { rows?: number; height?: number }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders; the position is all that tells them apart.
        <Skeleton key={i} height={height} radius="sm" />
      ))}
    </Stack>
  );
}

/** What a query shows before its data: the failure with "Try again", or placeholder rows while it loads. */
export function QueryState({ query, rows, height }: { query: { data: unknown; error: unknown; refetch: () => unknown }; rows?: number; height?: number }) {
  if (query.error) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <LoadingRows rows={rows} height={height} />;
  return null;
}

/** A page-shaped placeholder (title, then rows) shown while a page's code is fetched. */
export function PageLoading() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading the page">
      <Skeleton height={32} width={220} radius="sm" />
      <LoadingRows rows={4} height={48} />
    </Stack>
  );
}

/** A page for something that does not exist (unknown payment or brand): what is missing and the way back. */
export function NotFound({ title, message, back }: { title: string; message: string; back: { to: string; label: string } }) {
  return (
    <Stack gap="sm" maw={560} py="md">
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text>{message}</Text>
      <Group>
        <Button component={Link} to={back.to}>
          {back.label}
        </Button>
      </Group>
    </Stack>
  );
}

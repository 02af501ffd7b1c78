import { Alert, Stack, Title } from '@mantine/core';

export function PaymentDetailPage() {
  return (
    <Stack>
      <Title order={1} size="h2">Coming soon</Title>
      <Alert color="gray">This part of the dashboard is not available yet.</Alert>
    </Stack>
  );
}

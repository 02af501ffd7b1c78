import { Alert, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, enc, fieldErrors } from '../../../api/client.js';
import type { TestEventResult } from '../../../api/types.js';
import { useBrand } from '../../../app/brand.js';
import { useSubmit } from '../../../components/use-submit.js';

/** "Send test event": one signed test event to an address the merchant types, and what it answered. */
export function TestEventForm() {
  const { brand } = useBrand();
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [result, setResult] = useState<TestEventResult | null>(null);
  const submit = useSubmit(async () => {
    setUrlError(null);
    setResult(null);
    try {
      setResult(await api.post<TestEventResult>(`/brands/${enc(brand.slug)}/webhook-test`, { url }));
    } catch (err) {
      const f = fieldErrors(err);
      if (f.url) return setUrlError(f.url);
      throw err;
    }
  });
  const ok = result?.http_status !== null && result?.http_status !== undefined && result.http_status < 300;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="test-event-title">
      <Title order={2} size="h4" id="test-event-title">
        Send test event
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Sends one signed <Code>test</Code> event, like an IPN but for no payment, to check that your website receives and verifies them.
      </Text>
      <form noValidate onSubmit={submit.onSubmit}>
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Address"
            placeholder="https://shop.example.com/duar-ipn"
            type="url"
            value={url}
            onChange={(e) => {
              setUrl(e.currentTarget.value);
              setUrlError(null);
            }}
            error={urlError}
            maxLength={2000}
            w={{ base: '100%', sm: 420 }}
          />
          <Button type="submit" loading={submit.busy} mt={{ base: 0, sm: 25 }}>
            Send test event
          </Button>
        </Group>
      </form>
      <Stack gap="xs" mt="sm" aria-live="polite">
        {submit.message && (
          <Alert color="red" role="alert">
            {submit.message}
          </Alert>
        )}
        {result && (
          <Alert color={ok ? 'green' : 'red'} title={ok ? `Your website answered HTTP ${result.http_status}` : 'The test event was not accepted'}>
            <Text size="sm">{result.http_status !== null ? `HTTP ${result.http_status} in ${result.duration_ms} ms.` : (result.error ?? 'No answer.')}</Text>
            {result.response_excerpt && (
              <Code block mt="xs">
                {result.response_excerpt}
              </Code>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

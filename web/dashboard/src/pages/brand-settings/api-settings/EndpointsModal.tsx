import { Badge, Code, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useBrandQuery } from '../../../api/queries.js';
import type { EndpointList } from '../../../api/types.js';
import { Fragment } from 'react';
import { usePhone } from '../../../components/use-phone.js';
import { CopyIconButton } from '../../../components/CopyField.js';
import { QueryState } from '../../../components/states.js';
import { useReturnFocus } from '../../../components/use-return-focus.js';

/** "Show API Endpoints": every public endpoint's full URL for this brand, from the server's one endpoint catalogue. */
export function EndpointsModal({ onClose }: { onClose: () => void }) {
  useReturnFocus();
  const phone = usePhone('(max-width: 36em)');
  const list = useBrandQuery<EndpointList>('api-endpoints');
  return (
    <Modal opened onClose={onClose} title="API Endpoints" size="xl" fullScreen={!!phone} closeButtonProps={{ 'aria-label': 'Close' }}>
      <QueryState query={list} rows={3} height={90} />
      {list.data && (
        <Stack gap="md">
          <section aria-labelledby="integrations-title">
            <Title order={2} size="h5" id="integrations-title">
              Plugins and SDKs
            </Title>
            <Text size="xs" c="dimmed">
              What to type into each UddoktaPay integration: each builds its own paths from this value.
            </Text>
            <Stack gap="xs" component="ul" p={0} m={0} mt="xs" style={{ listStyle: 'none' }} aria-labelledby="integrations-title">
              {list.data.integrations.map((i) => (
                <Paper component="li" withBorder p="sm" key={i.name} data-testid="integration">
                  <Text size="sm" fw={600}>
                    <CodeMarks text={i.name} />
                  </Text>
                  {i.settings.map((s) => (
                    <Group key={s.label} gap="xs" wrap="nowrap" mt={4}>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        {s.label}
                      </Text>
                      <Code style={{ wordBreak: 'break-all' }}>{s.url}</Code>
                      <CopyIconButton value={s.url} label={`Copy the ${s.label} for ${i.name.replace(/`/g, '')}`} />
                    </Group>
                  ))}
                  <Text size="xs" mt={4}>
                    <CodeMarks text={i.note} />
                  </Text>
                </Paper>
              ))}
            </Stack>
          </section>
          <Title order={2} size="h5">
            Endpoints
          </Title>
          <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Endpoints">
            {list.data.endpoints.map((e) => (
              <Paper component="li" withBorder p="sm" key={`${e.method} ${e.url}`} data-testid="endpoint">
                <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
                  <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                    <Badge variant="light" color={e.method === 'GET' ? 'blue' : 'grape'} style={{ flexShrink: 0 }}>
                      {e.method}
                    </Badge>
                    <Code style={{ wordBreak: 'break-all' }} data-testid="endpoint-url">
                      {e.url}
                    </Code>
                  </Group>
                  <CopyIconButton value={e.url} label={`Copy the URL of ${e.method} ${new URL(e.url).pathname}`} />
                </Group>
                <Text size="sm" mt="xs">
                  {e.description}
                </Text>
                <Group gap={6} mt={6}>
                  <Text size="xs" c="dimmed">
                    Ability needed:
                  </Text>
                  {e.ability ? (
                    <Badge size="sm" variant="outline" ff="monospace" tt="none">
                      {e.ability}
                    </Badge>
                  ) : (
                    <Text size="xs">any valid key</Text>
                  )}
                </Group>
                <Text size="xs" c="dimmed" mt={6}>
                  Usage
                </Text>
                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                  {e.usage}
                </Code>
              </Paper>
            ))}
          </Stack>
        </Stack>
      )}
    </Modal>
  );
}

/** Catalogue notes mark code with backticks, as docs/integrations.md shows them. */
function CodeMarks({ text }: { text: string }) {
  let at = 0; // each part's offset in the text: a stable key
  return text.split('`').map((part, i) => {
    const key = at;
    at += part.length + 1;
    return i % 2 === 1 ? <Code key={key}>{part}</Code> : <Fragment key={key}>{part}</Fragment>;
  });
}

import { Badge, Code, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useBrandQuery } from '../../../api/queries.js';
import type { EndpointList } from '../../../api/types.js';
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
          <Paper withBorder p="sm">
            <Text size="sm" fw={600}>
              Base URL
            </Text>
            <Text size="xs" c="dimmed">
              Plugins that ask for a “Base URL” or “API URL” (WooCommerce, WHMCS, Laravel…) take this one.
            </Text>
            <Group gap="xs" wrap="nowrap" mt={4}>
              <Code style={{ wordBreak: 'break-all' }}>{list.data.base_url}</Code>
              <CopyIconButton value={list.data.base_url} label="Copy the base URL" />
            </Group>
          </Paper>
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

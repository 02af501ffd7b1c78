import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page's heading: the menu section above the title, the page's main buttons beside it and what the page is for below. */
export function PageHeader({ section, title, actions, children }: { section?: string; title: string; actions?: ReactNode; children?: ReactNode }) {
  const heading = (
    <>
      {section && (
        <Text size="sm" c="dimmed">
          {section}
        </Text>
      )}
      <Title order={1} size="h2">
        {title}
      </Title>
    </>
  );
  return (
    <div>
      {actions ? (
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>{heading}</div>
          {actions}
        </Group>
      ) : (
        heading
      )}
      {children && (
        <Text size="sm" c="dimmed" mt="xs" maw={720}>
          {children}
        </Text>
      )}
    </div>
  );
}

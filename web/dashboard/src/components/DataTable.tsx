import { Group, Paper, Stack, Table, Text, VisuallyHidden, type TableProps, type TableScrollContainerProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column heading: its text, `hidden` for one only a screen reader needs ("Actions"), `right` for amounts. */
export type Column = string | { label: string; hidden?: boolean; right?: boolean };

type Props = Omit<TableProps, 'children'> & {
  columns: Column[];
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  container?: Omit<TableScrollContainerProps, 'minWidth' | 'children'>;
  'data-testid'?: string;
  children: ReactNode;
};

/** The dashboard's table: headings in one row, the rows given as children, scrolling sideways on narrow screens. */
export function DataTable({ columns, minWidth, container, children, ...table }: Props) {
  return (
    <Table.ScrollContainer minWidth={minWidth} {...container}>
      <Table {...table}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const { label, hidden, right } = typeof c === 'string' ? { label: c } : c;
              return (
                <Table.Th key={label} style={right ? { textAlign: 'right' } : undefined}>
                  {hidden ? <VisuallyHidden>{label}</VisuallyHidden> : label}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What an empty list says instead (and the way to fill it), in a bordered box. */
export function EmptyState({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      {children}
    </Paper>
  );
}

/** On a phone, a table's rows as cards (as Payments shows them): a list of bordered items, nothing off-screen. */
export function CardList({ children, ...rest }: { children: ReactNode; 'data-testid'?: string; 'aria-labelledby'?: string }) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} {...rest}>
      {children}
    </Stack>
  );
}

/** One row as a card. */
export function Card({ children, ...rest }: { children: ReactNode; [data: `data-${string}`]: string }) {
  return (
    <Paper component="li" withBorder p="sm" {...rest}>
      {children}
    </Paper>
  );
}

/** A value in a card under its column's name, wrapping instead of widening the card. */
export function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline" mt={4}>
      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

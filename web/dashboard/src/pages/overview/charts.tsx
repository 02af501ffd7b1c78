import { Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { money } from '../../app/format.js';

/**
 * The Overview's two charts as plain SVG and HTML: bars are all they need, and an SVG of rectangles costs nothing in
 * the bundle (a chart library would add ~100 kB for the same two pictures). Each chart carries its figures as a
 * visually hidden table, so a screen reader reads the numbers the bars show.
 */

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (date: string) => dayLabel.format(new Date(`${date}T12:00:00Z`));

export function DayChart({ days }: { days: { date: string; count: number; collected: string }[] }) {
  const values = days.map((d) => Math.max(0, Number(d.collected)));
  const max = Math.max(...values, 0);
  const width = 600;
  const height = 160;
  const gap = days.length > 10 ? 2 : 8;
  const barWidth = (width - gap * (days.length - 1)) / days.length;
  const every = days.length > 10 ? 7 : 1;
  return (
    <div data-testid="overview-day-chart">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        width="100%"
        role="img"
        aria-label={`Collected by day, ${days.length === 1 ? 'today' : `the last ${days.length} days`}`}
      >
        <line x1={0} x2={width} y1={height} y2={height} stroke="var(--mantine-color-gray-4)" />
        {days.map((d, i) => {
          const h = max === 0 ? 0 : Math.max((values[i]! / max) * (height - 8), values[i]! > 0 ? 2 : 0);
          const x = i * (barWidth + gap);
          return (
            <g key={d.date}>
              <rect x={x} y={height - h} width={barWidth} height={h} rx={2} fill="var(--mantine-color-teal-6)">
                <title>{`${label(d.date)}: ${money(d.collected)}, ${d.count} payment${d.count === 1 ? '' : 's'}`}</title>
              </rect>
              {(days.length - 1 - i) % every === 0 && (
                // The last day's label ends at the chart's edge instead of running past it.
                <text
                  x={i === days.length - 1 && days.length > 1 ? width : x + barWidth / 2}
                  y={height + 15}
                  textAnchor={i === days.length - 1 && days.length > 1 ? 'end' : 'middle'}
                  fontSize={12}
                  fill="var(--mantine-color-gray-7)"
                >
                  {label(d.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <VisuallyHidden>
        <table>
          <caption>Collected by day</caption>
          <thead>
            <tr>
              <th>Day</th>
              <th>Collected</th>
              <th>Payments</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <td>{label(d.date)}</td>
                <td>{money(d.collected)}</td>
                <td>{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </div>
  );
}

export function MethodBars({ rows }: { rows: { label: string; count: number; amount: string }[] }) {
  const max = Math.max(...rows.map((r) => Number(r.amount)), 0);
  return (
    <Stack gap="sm" data-testid="overview-method-chart">
      {rows.map((r) => (
        <div key={r.label}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={500}>
              {r.label}
            </Text>
            <Text size="sm">
              {money(r.amount)} · {r.count} payment{r.count === 1 ? '' : 's'}
            </Text>
          </Group>
          <div style={{ background: 'var(--mantine-color-gray-2)', borderRadius: 4, height: 10 }} aria-hidden>
            <div
              style={{
                background: 'var(--mantine-color-teal-6)',
                borderRadius: 4,
                height: 10,
                width: `${max === 0 ? 0 : Math.max((Number(r.amount) / max) * 100, 1)}%`,
              }}
            />
          </div>
        </div>
      ))}
    </Stack>
  );
}

import { BarChart, BarsList } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { VisuallyHidden } from '@mantine/core';
import { money } from '../../app/format.js';

/**
 * The Overview's two charts, drawn by @mantine/charts (recharts underneath). A chart is a picture to a screen reader:
 * each is one `role="img"` with a name, and carries its figures as a visually hidden table, so the numbers the bars
 * show are read out (recharts' own keyboard layer is off: the table says the same, in one tab stop less).
 */

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const label = (date: string) => dayLabel.format(new Date(`${date}T12:00:00Z`));
/** A chart's value (taka, a float) as the page writes money: ৳ with lakh grouping. */
const taka = (value: number) => money(value.toFixed(2));

export function DayChart({ days }: { days: { date: string; count: number; collected: string }[] }) {
  const data = days.map((d) => ({ day: label(d.date), collected: Math.max(0, Number(d.collected)) }));
  return (
    <div data-testid="overview-day-chart">
      <div role="img" aria-label={`Collected by day, ${days.length === 1 ? 'today' : `the last ${days.length} days`}`}>
        <BarChart
          h={180}
          data={data}
          dataKey="day"
          series={[{ name: 'collected', label: 'Collected', color: 'teal.6' }]}
          valueFormatter={taka}
          withYAxis={false}
          gridAxis="y"
          tickLine="none"
          maxBarWidth={48}
          barChartProps={{ accessibilityLayer: false }}
        />
      </div>
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
  return (
    <BarsList
      data-testid="overview-method-chart"
      data={rows.map((r) => ({ name: `${r.label} · ${r.count} payment${r.count === 1 ? '' : 's'}`, value: Number(r.amount) }))}
      valueFormatter={taka}
      barsLabel="Method"
      valueLabel="Collected"
      barColor="teal.1"
      barTextColor="dark.9"
      minBarSize="45%"
    />
  );
}

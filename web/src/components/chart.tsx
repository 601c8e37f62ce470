import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartX, formatCents } from '../format';

const dayLabel = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
});

export interface ChartSeries {
  label: string;
  /** Cents per day, in the same order as `dates`. */
  values: (number | null)[];
  color: string;
  /** A dash pattern, so lines that coincide (earnings equal to fees on a day without rewards)
   * still show as two; colour alone is not enough either. */
  dash?: number[];
}

interface Props {
  /** What the chart shows, for screen readers (the table next to it has the figures). */
  label: string;
  /** Business dates, `YYYY-MM-DD`, any order. */
  dates: string[];
  series: ChartSeries[];
  bars?: boolean;
}

/** A per-day chart of amounts in dollars, drawn by uPlot (about 20 KB gzipped). */
export function DayChart({ label, dates, series, bars = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const order = dates.map((date, i) => ({ date, i })).sort((a, b) => (a.date < b.date ? -1 : 1));
    const data: uPlot.AlignedData = [
      order.map(({ date }) => chartX(date)),
      ...series.map((s) => order.map(({ i }) => (s.values[i] ?? null) as number | null)),
    ];
    const money = (_: uPlot, values: number[]) => values.map((v) => formatCents(Math.round(v)));
    const plot = new uPlot(
      {
        width: Math.max(280, element.clientWidth || 640),
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
        scales: {
          // Half a day either side, so the first and last bars are whole.
          x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
          // Amounts are read against zero: the axis always includes it.
          y: {
            range: (_u, min, max) => {
              const low = Math.min(0, min ?? 0);
              const high = Math.max(0, max ?? 0);
              return high === low ? [low, low + 100] : [low * 1.1, high * 1.1];
            },
          },
        },
        axes: [
          {
            // Whole days only: a tick per 1, 2, 7 or 14 days, labelled "26 Nov".
            incrs: [86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400],
            values: (_u, splits) => splits.map((ts) => dayLabel.format(new Date(ts * 1000))),
          },
          { values: money, size: 80 },
        ],
        series: [
          {
            label: 'Day',
            // Until a day is pointed at, the legend says how to read it rather than "—".
            value: (_, ts) =>
              ts == null ? 'point at a day' : new Date(ts * 1000).toISOString().slice(0, 10),
          },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: bars ? `${s.color}99` : undefined,
            width: s.dash ? 2 : 3,
            dash: s.dash,
            paths: bars ? uPlot.paths.bars!({ size: [0.6, 40] }) : undefined,
            points: { show: !bars },
            value: (_: uPlot, v: number | null) => (v == null ? '' : formatCents(v)),
          })),
        ],
      },
      data,
      element,
    );
    const resize = () => plot.setSize({ width: Math.max(280, element.clientWidth), height: 240 });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [dates, series, bars]);
  return <div class="chart" role="img" aria-label={label} ref={host} />;
}

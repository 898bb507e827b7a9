import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import type { ChartColumns } from './usage-charts';
import 'uplot/dist/uPlot.min.css';

export interface ChartLine {
  label: string;
  colour: string;
  dash?: number[] | undefined;
}

interface UsageChartProps {
  title: string;
  /** What the scale means ("Used, of 1 GB"). */
  scale: string;
  lines: ChartLine[];
  columns: ChartColumns;
  /** The scale's top; the highest value when absent. */
  max?: number | undefined;
  increments?: number[] | undefined;
  /** The time the chart spans, up to now. */
  windowSeconds: number;
  formatValue: (value: number) => string;
  formatTime: (epochSeconds: number) => string;
  /** The latest and the highest value of each line, in words: what a screen reader gets of the chart. */
  summary: string[];
}

const HEIGHT = 160;
// The dashboard's muted text and neutral soft colours (styles/tokens.css): canvas needs them as values.
const AXIS = '#526077';
const GRID = '#eceff4';

/**
 * One chart: a title, the scale in words, the canvas (hidden from screen readers: the summary says it
 * in words), and a summary of each line. Follows its container's width, a 375 px phone's included.
 */
export function UsageChart({
  title,
  scale,
  lines,
  columns,
  max,
  increments,
  windowSeconds,
  formatValue,
  formatTime,
  summary,
}: UsageChartProps) {
  const titleId = useId();
  const summaryId = useId();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latestColumns = useRef(columns);
  latestColumns.current = columns;

  // The chart is made again when what it draws changes (language, scale); new points only replace its data.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      legend: { show: lines.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // The whole window up to now, asked again at each new set of points: a new machine's few points sit at the right.
        x: { time: true, range: () => [Date.now() / 1000 - windowSeconds, Date.now() / 1000] },
        y: { range: (_u, _min, dataMax) => [0, max ?? Math.max(dataMax, 1)] },
      },
      axes: [
        { values: (_u, splits) => splits.map(formatTime), stroke: AXIS, grid: { stroke: GRID } },
        {
          values: (_u, splits) => splits.map(formatValue),
          ...(increments && { incrs: increments }),
          size: 76,
          stroke: AXIS,
          grid: { stroke: GRID },
        },
      ],
      series: [
        { value: (_u, at) => (at == null ? '' : formatTime(at)) },
        ...lines.map((line) => ({
          label: line.label,
          stroke: line.colour,
          width: 2,
          ...(line.dash && { dash: line.dash }),
          value: (_u: uPlot, value: number | null) => (value == null ? '–' : formatValue(value)),
        })),
      ],
    };
    const chart = new uPlot(options, latestColumns.current, element);
    plot.current = chart;
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current = null;
      chart.destroy();
    };
  }, [lines, max, increments, windowSeconds, formatValue, formatTime]);

  useEffect(() => {
    plot.current?.setData(columns);
  }, [columns]);

  return (
    <figure className="usage-chart" aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption>
        <h3 className="usage-chart-title" id={titleId}>
          {title}
        </h3>
        <p className="usage-chart-scale">{scale}</p>
      </figcaption>
      <div className="usage-chart-canvas" ref={container} aria-hidden="true" />
      <ul className="usage-chart-summary" id={summaryId}>
        {summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </figure>
  );
}

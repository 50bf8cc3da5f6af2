/** What a page asks of a chart, without knowing uPlot: the x values and one entry per series. */
export interface ChartSeries {
  label: string;
  color: string;
  kind: 'bar' | 'line';
  values: (number | null)[];
  /** `count` (left axis) or `percent` (right axis, 0–100). */
  scale?: 'count' | 'percent';
  /** Bars only: the share of a slot the bar takes, and which side of it (-1 left, 0 centred, 1 right). */
  width?: number;
  align?: -1 | 0 | 1;
}

export interface ChartSpec {
  /** Unix seconds (time axis in Kyiv) or 0…n-1 with `categories` naming each. */
  x: number[];
  categories?: string[];
  series: ChartSeries[];
  /** How the percent scale's figures read (the locale's "85 %"). */
  percentLabel?: (value: number) => string;
}

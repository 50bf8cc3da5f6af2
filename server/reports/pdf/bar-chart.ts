/** One bar pair of a chart: this year's count against last year's. */
export interface ChartItem {
  label: string;
  current: number;
  previous: number;
}

/** One row of a chart: its height (the label's wrapped height, at least two bars) and the two bars' lengths. */
export interface BarRow {
  item: ChartItem;
  height: number;
  current: number;
  previous: number;
}

export const BAR_HEIGHT = 6;
export const ROW_GAP = 4;
/** Room for the label to the left of the bars and for the count printed after the longest bar. */
export const LABEL_SHARE = 0.32;
export const VALUE_ROOM = 48;

/**
 * Lays out a horizontal bar chart of `width`: the bars start after the label column and are scaled so that the
 * largest count takes all the room left for bars. Pure, so the proportions are tested.
 */
export function barRows(items: ChartItem[], width: number, labelHeight: (item: ChartItem) => number): { rows: BarRow[]; barOffset: number } {
  const barOffset = width * LABEL_SHARE;
  const room = width - VALUE_ROOM - barOffset;
  const max = Math.max(1, ...items.flatMap((i) => [i.current, i.previous]));
  const rows = items.map((item) => ({
    item,
    height: Math.max(labelHeight(item), 2 * BAR_HEIGHT + 1) + ROW_GAP,
    current: (item.current / max) * room,
    previous: (item.previous / max) * room,
  }));
  return { rows, barOffset };
}

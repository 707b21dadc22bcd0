// A chart of money over time for the participant's own page: one bar per bucket of
// GET /api/v1/me/earnings or /me/spend (uPlot, bundled), and the same figures as a table beside it.
// The figure's data-* attributes (data-total, data-buckets) carry what it shows, for scripts and tests.
import uPlot from "uplot";
import { el, fillTable, num } from "./dom.js";
import { count } from "./format.js";

const HEIGHT = 200;

export class MoneyChart {
  /** @param figure the <figure> to draw in; @param label what an amount is ("earned", "spent") */
  constructor(figure, label, color) {
    this.figure = figure;
    this.label = label;
    const box = el("div", null, "plot");
    box.setAttribute("aria-hidden", "true"); // the table says the same in words
    figure.appendChild(box);
    const details = el("details", null, "chart-data");
    details.appendChild(el("summary", "Figures as a table"));
    this.table = el("table");
    this.table.appendChild(el("caption", figure.querySelector("figcaption").textContent, "sr-only"));
    details.appendChild(this.table);
    figure.appendChild(details);
    this.plot = new uPlot(
      {
        width: Math.max(260, box.clientWidth || figure.clientWidth || 320),
        height: HEIGHT,
        scales: {
          // From the first bucket to the end of the last: a single bucket still has a width.
          x: { time: true, range: (u, min, max) => this.xRange ?? [min, max] },
          y: { range: (u, min, max) => [0, Math.max(max, 1)] },
        },
        axes: [
          { stroke: "#3c4452", grid: { stroke: "#e3e7ee" } },
          { stroke: "#3c4452", grid: { stroke: "#e3e7ee" }, label, size: 56 },
        ],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        series: [
          {},
          {
            label,
            stroke: color,
            fill: color + "55",
            width: 2,
            paths: uPlot.paths.bars({ size: [0.7, 40] }),
            points: { show: false },
          },
        ],
      },
      [[], []],
      box,
    );
    new ResizeObserver(() => {
      const width = Math.max(260, box.clientWidth);
      if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
    }).observe(box);
  }

  /** Draws one answer of /me/earnings or /me/spend. */
  render(money) {
    const buckets = money.buckets;
    const width = money.bucketMillis / 1000;
    this.xRange = buckets.length
      ? [buckets[0].start / 1000 - width / 2, buckets[buckets.length - 1].start / 1000 + width / 2]
      : [money.from / 1000, money.to / 1000];
    this.plot.setData([buckets.map((b) => b.start / 1000), buckets.map((b) => b.amount)]);
    this.figure.dataset.total = String(money.settled.amount);
    this.figure.dataset.buckets = String(buckets.length);
    const rows = buckets
      .filter((b) => b.receipts > 0)
      .reverse()
      .map((b) => [when(b.start, money.bucketMillis), num(count(b.receipts)), num(count(b.amount))]);
    fillTable(this.table, ["from", "receipts", this.label], rows, "nothing settled in this window");
  }
}

function when(at, width) {
  const d = new Date(at);
  return width >= 86400000 ? d.toLocaleDateString("en-GB") : d.toLocaleString("en-GB");
}

// A live line chart (uPlot, bundled) with an accessible alternative: the same figures as a table of
// the latest points in a disclosure beside the canvas, and the latest value on the figure's data-*
// attributes (data-points, data-last) for scripts and tests.
import uPlot from "uplot";
import { el, fillTable } from "./dom.js";
import { clock, decimal } from "./format.js";
import { Series } from "./series.js";

const KEPT_POINTS = 180; // three minutes at one snapshot a second
const TABLE_POINTS = 10;
const HEIGHT = 220;

/**
 * @param figure the <figure> to draw in (its <figcaption> stays first)
 * @param lines [{label, color, scale?, bars?}] one per series
 * @param scales uPlot scale and axis settings for the y axes: {name: {label, side?}}
 */
export class LiveChart {
  constructor(figure, lines, scales) {
    this.figure = figure;
    this.lines = lines;
    this.series = new Series(lines.map((l) => l.label), KEPT_POINTS);
    const canvasBox = el("div", null, "plot");
    canvasBox.setAttribute("aria-hidden", "true"); // the table below says the same in words
    figure.appendChild(canvasBox);
    const details = el("details", null, "chart-data");
    details.appendChild(el("summary", "Latest figures as a table"));
    this.table = el("table");
    const caption = el("caption", figure.querySelector("figcaption").textContent, "sr-only");
    this.table.appendChild(caption);
    details.appendChild(this.table);
    figure.appendChild(details);
    const axes = [{ stroke: "#3c4452", grid: { stroke: "#e3e7ee" } }];
    Object.entries(scales).forEach(([name, s]) => {
      axes.push({
        scale: name,
        label: s.label,
        side: s.side ?? 3,
        stroke: "#3c4452",
        grid: { show: s.side !== 1, stroke: "#e3e7ee" },
        size: 56,
      });
    });
    // At least half a minute on the x axis, so a chart just opened does not stretch two points.
    const uScales = { x: { time: true, range: (u, min, max) => [Math.min(min, max - 30), max] } };
    Object.keys(scales).forEach(
      (name) => (uScales[name] = { auto: true, range: (u, min, max) => [0, Math.max(max, 1)] }),
    );
    this.plot = new uPlot(
      {
        width: Math.max(260, canvasBox.clientWidth || figure.clientWidth || 320),
        height: HEIGHT,
        scales: uScales,
        axes,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        series: [
          {},
          ...lines.map((l) => ({
            label: l.label,
            stroke: l.color,
            fill: l.bars ? l.color + "55" : undefined,
            width: 2,
            scale: l.scale ?? Object.keys(scales)[0],
            spanGaps: false,
            paths: l.bars ? uPlot.paths.bars({ size: [0.6, 12] }) : undefined,
            points: { show: false },
          })),
        ],
      },
      this.series.data(),
      canvasBox,
    );
    new ResizeObserver(() => {
      const width = Math.max(260, canvasBox.clientWidth);
      if (width !== this.plot.width) this.plot.setSize({ width, height: HEIGHT });
    }).observe(canvasBox);
    this.renderTable();
  }

  /** Adds the figures of one snapshot (values in the order of the lines). */
  push(atMillis, values) {
    this.series.push(atMillis, values);
    this.plot.setData(this.series.data());
    this.figure.dataset.points = String(this.series.length);
    this.figure.dataset.last = values.map((v) => (v === null ? "" : String(v))).join(",");
    this.figure.dataset.at = String(atMillis);
    this.renderTable();
  }

  renderTable() {
    const rows = this.series.latest(TABLE_POINTS).map((p) => [
      clock(p.at),
      ...p.values.map((v) => {
        const td = el("td", v === null ? "—" : decimal(v), "num");
        return td;
      }),
    ]);
    fillTable(this.table, ["time", ...this.lines.map((l) => l.label)], rows, "no figures yet");
  }
}

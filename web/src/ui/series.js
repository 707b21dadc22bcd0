// A rolling window of points for a live chart: x in seconds (as uPlot wants), one array per series.

export class Series {
  /** @param names the series' names, @param capacity how many points are kept */
  constructor(names, capacity) {
    this.names = names;
    this.capacity = capacity;
    this.x = [];
    this.ys = names.map(() => []);
  }

  /** Adds a point at atMillis; a point no later than the last one replaces it. */
  push(atMillis, values) {
    const t = atMillis / 1000;
    if (this.x.length > 0 && t <= this.x[this.x.length - 1]) {
      this.ys.forEach((y, i) => (y[y.length - 1] = values[i]));
      return;
    }
    this.x.push(t);
    this.ys.forEach((y, i) => y.push(values[i]));
    if (this.x.length > this.capacity) {
      this.x.shift();
      this.ys.forEach((y) => y.shift());
    }
  }

  get length() {
    return this.x.length;
  }

  /** The data in uPlot's shape: [xs, ys1, ys2, …]. */
  data() {
    return [this.x, ...this.ys];
  }

  /** The last n points, newest first, as {at, values}. */
  latest(n) {
    const out = [];
    for (let i = this.x.length - 1; i >= 0 && out.length < n; i--) {
      out.push({ at: this.x[i] * 1000, values: this.ys.map((y) => y[i]) });
    }
    return out;
  }
}

// How figures are written on the page.

const whole = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const small = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

export function count(n) {
  return n === null || n === undefined ? "—" : whole.format(n);
}

export function decimal(n) {
  return n === null || n === undefined || Number.isNaN(n) ? "—" : small.format(n);
}

export function millis(ms) {
  return ms === null || ms === undefined || ms < 0 ? "—" : small.format(ms) + " ms";
}

export function seconds(ms) {
  return ms === null || ms === undefined ? "—" : small.format(ms / 1000) + " s";
}

export function percent(fraction) {
  return whole.format(100 * fraction) + " %";
}

/** An id cut to fit a table: the start is enough to tell ids apart on screen. */
export function short(id) {
  return id && id.length > 14 ? id.slice(0, 12) + "…" : id;
}

export function ago(at, now) {
  if (!at) return "never";
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 60 ? s + " s ago" : Math.round(s / 60) + " min ago";
}

export function clock(at) {
  return new Date(at).toLocaleTimeString("en-GB");
}

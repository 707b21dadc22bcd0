// The market overview: what one snapshot of GET /api/v1/public/events holds, drawn on the page.
import { LiveChart } from "./chart.js";
import { cell, el, fillTable, num } from "./dom.js";
import { ago, count, decimal, millis, percent, seconds, short } from "./format.js";

export class Overview {
  constructor(doc) {
    this.doc = doc;
    this.rate = new LiveChart(
      doc.getElementById("rate-chart"),
      [{ label: "invocations/s", color: "#1e7e34" }],
      { rate: { label: "per second" } },
    );
    this.latency = new LiveChart(
      doc.getElementById("latency-chart"),
      [
        { label: "p50 ms", color: "#1a5fb4" },
        { label: "p99 ms", color: "#b3261e" },
      ],
      { ms: { label: "ms" } },
    );
    this.settlement = new LiveChart(
      doc.getElementById("settlement-chart"),
      [
        { label: "lag s", color: "#7b2cbf", scale: "s" },
        { label: "batches/s", color: "#a15c00", scale: "n", bars: true },
      ],
      { s: { label: "lag (s)" }, n: { label: "batches", side: 1 } },
    );
    this.previous = null;
  }

  render(snap) {
    const inv = snap.invocations;
    const st = snap.settlement;
    this.summary(snap);
    this.providers(snap);
    this.batches(st.recentBatches, snap.at);
    this.prices(snap.prices);
    this.rate.push(snap.at, [inv.ratePerSecond]);
    this.latency.push(snap.at, [inv.p50Millis, inv.p99Millis]);
    let perSecond = 0;
    if (this.previous && snap.at > this.previous.at) {
      const batches = st.batches - this.previous.settlement.batches;
      perSecond = Math.max(0, batches) / ((snap.at - this.previous.at) / 1000);
    }
    this.settlement.push(snap.at, [st.lagMillis / 1000, perSecond]);
    this.previous = snap;
  }

  summary(snap) {
    const inv = snap.invocations;
    const st = snap.settlement;
    const box = this.doc.getElementById("summary");
    box.replaceChildren();
    [
      ["providers", count(snap.providers.length), "providers"],
      ["offers", count(snap.offers), "offers"],
      ["invocations/s", decimal(inv.ratePerSecond), "rate"],
      ["latency p50", millis(inv.p50Millis), "p50"],
      ["latency p99", millis(inv.p99Millis), "p99"],
      ["invocations", count(inv.total), "invocations"],
      ["failed", count(inv.failed), "failed"],
      ["settlement lag", seconds(st.lagMillis), "lag"],
      ["receipts waiting", count(st.pendingReceipts), "pending"],
      ["batches", count(st.batches), "batches"],
      ["amount settled", count(st.settledAmount), "settled-amount"],
      ["ledger", snap.ledger, "ledger", "word"],
    ].forEach(([label, value, key, kind]) => {
      const card = el("div", null, kind ? "card " + kind : "card");
      card.dataset.key = key;
      card.appendChild(el("dt", label));
      card.appendChild(el("dd", value));
      box.appendChild(card);
    });
  }

  providers(snap) {
    fillTable(
      this.doc.getElementById("providers"),
      ["provider", "regions", "offers", "capacity used", "health", "reputation", "stake", "latency"],
      snap.providers.map((p) => {
        const id = cell(p.providerId, "id");
        id.title = p.providerId;
        return [
          id,
          cell(p.regions.join(", ") || "—", "regions"),
          num(count(p.offers)),
          usage(p.activeInvocations, p.capacity),
          health(p.health),
          num(percent(p.reputation)),
          num(count(p.stake)),
          num(millis(p.latencyMillis)),
        ];
      }),
      "no provider is serving yet",
    );
  }

  batches(batches, now) {
    fillTable(
      this.doc.getElementById("batches"),
      ["batch", "Merkle root", "settled", "rejected", "amount", "lag", "when"],
      batches.map((b) => [
        code(short(b.batchId), b.batchId),
        code(short(b.merkleRoot), b.merkleRoot),
        num(count(b.settled)),
        num(count(b.rejected)),
        num(count(b.totalAmount)),
        num(seconds(b.lagMillis)),
        cell(ago(b.at, now)),
      ]),
      "no batch settled yet",
    );
  }

  prices(levels) {
    fillTable(
      this.doc.getElementById("prices"),
      ["price / call", "price / Mfuel", "offers", "capacity", "in use"],
      levels.map((l) => [
        num(count(l.pricePerInvocation)),
        num(count(l.pricePerMegaFuel)),
        num(count(l.offers)),
        num(count(l.capacity)),
        usage(l.activeInvocations, l.capacity),
      ]),
      "no offer is serving",
    );
  }
}

function code(text, full) {
  const td = el("td");
  const c = el("code", text);
  c.title = full;
  td.appendChild(c);
  return td;
}

/** A meter with the figures beside it in words. */
function usage(active, capacity) {
  const td = el("td", null, "usage");
  const meter = el("meter");
  meter.min = 0;
  meter.max = Math.max(capacity, 1);
  meter.value = Math.min(active, meter.max);
  meter.setAttribute("aria-label", active + " of " + capacity + " slots in use");
  td.appendChild(meter);
  td.appendChild(el("span", " " + active + " / " + capacity));
  return td;
}

function health(state) {
  const td = el("td");
  td.appendChild(el("span", state, "tag " + (state === "ok" ? "ok" : "bad")));
  return td;
}

// The panels of a participant's own page, by role: what GET /api/v1/me/* answers, drawn with
// textContent only (function names, reasons and ids are chosen by others). Each table row carries
// the full id in data-id; the cells show a short form with the full one in a title.
import { el, fillTable, num } from "./dom.js";
import { count, short } from "./format.js";
import { MoneyChart } from "./me-chart.js";

function section(parent, id, title) {
  const s = el("section", null, "me-panel");
  s.setAttribute("aria-labelledby", id + "-title");
  const h = el("h2", title);
  h.id = id + "-title";
  s.appendChild(h);
  parent.appendChild(s);
  return s;
}

function table(parent, id, caption) {
  const box = el("div", null, "scroll");
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", caption);
  const t = el("table");
  t.id = id;
  t.appendChild(el("caption", caption, "sr-only"));
  box.appendChild(t);
  parent.appendChild(box);
  return t;
}

function cards(parent, id, label) {
  const dl = el("dl", null, "cards");
  dl.id = id;
  dl.setAttribute("aria-label", label);
  parent.appendChild(dl);
  return dl;
}

export function fillCards(dl, entries) {
  dl.replaceChildren();
  entries.forEach(([label, value, key]) => {
    const card = el("div", null, "card");
    card.dataset.key = key;
    card.appendChild(el("dt", label));
    card.appendChild(el("dd", value));
    dl.appendChild(card);
  });
}

function idCell(id) {
  const td = el("td", short(id), "id");
  if (id) td.title = id;
  return td;
}

function time(at) {
  return at ? new Date(at).toLocaleString("en-GB") : "—";
}

function tag(text, good) {
  const td = el("td");
  td.appendChild(el("span", text ?? "—", "tag " + (good ? "ok" : "bad")));
  return td;
}

/** Marks each body row of a filled table with its entry's full id. */
function markRows(t, ids) {
  const rows = t.querySelectorAll("tbody tr");
  ids.forEach((id, i) => rows[i] && (rows[i].dataset.id = id));
}

/** Money over time (earnings or spend): cards, then the chart. */
class MoneyPanel {
  constructor(parent, id, title, label, color) {
    const s = section(parent, id, title);
    this.cards = cards(s, id + "-cards", title + " in figures");
    const figure = el("figure", null, "chart");
    figure.id = id + "-chart";
    figure.appendChild(el("figcaption", title + " over time, by when the ledger paid"));
    s.appendChild(figure);
    this.chart = new MoneyChart(figure, label, color);
    this.label = label;
  }

  render(money) {
    fillCards(this.cards, [
      [this.label + " (settled)", count(money.settled.amount), "settled-amount"],
      ["receipts settled", count(money.settled.receipts), "settled-receipts"],
      ["pending settlement", count(money.pending.amount), "pending-amount"],
      ["receipts pending", count(money.pending.receipts), "pending-receipts"],
    ]);
    this.chart.render(money);
  }
}

class DisputesPanel {
  constructor(parent) {
    const s = section(parent, "me-disputes-panel", "Disputes");
    this.table = table(s, "me-disputes", "Disputes naming you, newest first");
  }

  render(answer) {
    const rows = answer.disputes.map((d) => [
      time(d.openedAt),
      idCell(d.invocationId),
      d.functionId,
      tag(d.status, d.status === "RESOLVED"),
      d.outcome ?? "—",
      d.reason ?? "—",
      d.slashed ? "yes" : "no",
      num(count(d.refunded)),
    ]);
    fillTable(
      this.table,
      ["opened", "invocation", "function", "status", "outcome", "reason", "your stake slashed", "refunded"],
      rows,
      "no disputes name you",
    );
    markRows(this.table, answer.disputes.map((d) => d.invocationId));
  }
}

export class ProviderPanels {
  constructor(parent) {
    this.earnings = new MoneyPanel(parent, "me-earnings", "Earnings", "earned", "#1e7e34");
    const s = section(parent, "me-refusals-panel", "Refusals");
    this.counts = cards(s, "me-refusal-counts", "Refusals since the broker started");
    this.refusals = table(s, "me-refusals", "Calls you refused or failed, newest first, with reasons");
    this.disputes = new DisputesPanel(parent);
  }

  async update(get) {
    const [earnings, refusals, disputes] = await Promise.all([
      get("/api/v1/me/earnings"),
      get("/api/v1/me/refusals"),
      get("/api/v1/me/disputes"),
    ]);
    this.earnings.render(earnings);
    fillCards(this.counts, [
      ["refused", count(refusals.refused), "refused"],
      ["busy", count(refusals.busy), "busy"],
      ["faults", count(refusals.faults), "faults"],
    ]);
    fillTable(
      this.refusals,
      ["when", "invocation", "kind", "reason"],
      refusals.recent.map((r) => [time(r.at), idCell(r.invocationId), tag(r.kind, false), r.reason]),
      "nothing refused",
    );
    markRows(this.refusals, refusals.recent.map((r) => r.invocationId));
    this.disputes.render(disputes);
  }
}

export class ConsumerPanels {
  constructor(parent) {
    this.spend = new MoneyPanel(parent, "me-spend", "Spend", "spent", "#1a5fb4");
    const f = section(parent, "me-functions-panel", "Functions");
    this.functions = table(f, "me-functions", "Your functions and their versions");
    const i = section(parent, "me-invocations-panel", "Recent invocations");
    this.invocations = table(i, "me-invocations", "Your latest invocations with receipts and verification");
    this.disputes = new DisputesPanel(parent);
  }

  async update(get) {
    const [spend, functions, invocations, disputes] = await Promise.all([
      get("/api/v1/me/spend"),
      get("/api/v1/me/functions"),
      get("/api/v1/me/invocations"),
      get("/api/v1/me/disputes"),
    ]);
    this.spend.render(spend);
    fillTable(
      this.functions,
      ["name", "runtime", "checked by", "versions", "code (latest)", "registered", "status"],
      functions.functions.map((f) => [
        f.name,
        f.runtime,
        (f.trustLevel ?? "—").toLowerCase(),
        num(count(f.versions.length)),
        idCell(f.digest),
        time(f.registeredAt),
        tag(f.retiredAt ? "retired" : "active", !f.retiredAt),
      ]),
      "no functions deployed yet",
    );
    markRows(this.functions, functions.functions.map((f) => f.functionId));
    fillTable(
      this.invocations,
      ["issued", "function", "status", "cost", "provider", "receipt", "settlement", "verification"],
      invocations.invocations.map((v) => [
        time(v.issuedAt),
        v.functionId ? v.functionId.slice(v.functionId.indexOf("/") + 1) : "—",
        tag(v.status, v.status === "OK"),
        num(count(v.cost)),
        idCell(v.providerId),
        v.receipt ? idCell(v.receipt.runId) : el("td", "none"),
        tag(v.settlement ?? "—", v.settlement === "SETTLED"),
        verification(v),
      ]),
      "no invocations yet",
    );
    markRows(this.invocations, invocations.invocations.map((v) => v.invocationId));
    this.disputes.render(disputes);
  }
}

function verification(v) {
  if (v.verification) {
    const o = v.verification.outcome;
    return tag(v.verification.level + ": " + o, o === "agreed" || o === "not-sampled");
  }
  return v.receipt ? tag("receipt verified", true) : el("td", "—");
}

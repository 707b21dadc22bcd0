// The ledger explorer (#/explorer…), for auditors and admins: search by any id, settled batches,
// receipts with their Merkle proof checked in the page, an account's journal and the latest audit
// report. Everything comes from GET /api/v1/explorer/… (docs/http-api.md#ledger-explorer) and goes
// in as text.
import "./explorer.css";
import { Refused, read, session } from "./explorer-api.js";
import { openBatch, openJournal, openReceipt } from "./explorer-pages.js";
import { link, refusal, section } from "./explorer-parts.js";
import { count, short } from "./format.js";
import { el, fillTable, num } from "./dom.js";
import { href } from "./router.js";

/** Opens the explorer's page for the route's parts, e.g. ["receipt", id]. */
export async function openExplorer(container, rest) {
  const [kind, id] = rest;
  container.replaceChildren(searchForm(kind === "search" ? id : ""));
  const body = el("div", null, "explorer-body");
  body.setAttribute("aria-live", "polite");
  container.appendChild(body);
  try {
    if (kind === "receipt" && id) await openReceipt(body, id);
    else if (kind === "batch" && id) await openBatch(body, id);
    else if (kind === "account" && id) await openJournal(body, id);
    else if (kind === "search" && id) await openSearch(body, id);
    else await openHome(body);
  } catch (e) {
    body.replaceChildren(await refusal(e, session));
  }
}

function searchForm(value) {
  const s = section("explorer-search-title", "Ledger explorer");
  const form = el("form", null, "search");
  form.setAttribute("role", "search");
  const label = el("label", "Search by invocation, receipt, batch, transaction or participant id");
  label.htmlFor = "explorer-q";
  const input = el("input");
  input.id = "explorer-q";
  input.type = "search";
  input.required = true;
  input.maxLength = 256;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.value = value || "";
  const button = el("button", "Search");
  button.type = "submit";
  form.append(label, input, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q) location.hash = href("explorer", "search", q);
  });
  s.appendChild(form);
  return s;
}

async function openHome(body) {
  const [page, report] = await Promise.all([read("/batches?pageSize=50"), readReport()]);
  const batches = section("explorer-batches-title", "Settled batches");
  const wrap = el("div", null, "scroll");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-labelledby", "explorer-batches-title");
  const table = el("table");
  table.id = "explorer-batches";
  table.appendChild(el("caption", "Settled batches, newest first within this page", "sr-only"));
  wrap.appendChild(table);
  batches.appendChild(wrap);
  const shown = [];
  const more = el("button", "More batches", "more");
  more.type = "button";
  const show = (p) => {
    shown.push(...p.records);
    shown.sort((a, b) => b.settledAt - a.settledAt);
    fillTable(
      table,
      ["Batch", "Settled", "Receipts", "Rejected", "Amount", "Root"],
      shown.map((b) => [
        cellOf(link(href("explorer", "batch", b.batchId), short(b.batchId), b.batchId)),
        new Date(b.settledAt).toLocaleString("en-GB"),
        num(count(b.settled)),
        num(count(b.rejected)),
        num(count(b.totalAmount)),
        cellOf(el("code", short(b.merkleRoot))),
      ]),
      "No batch settled yet.",
    );
    more.hidden = !p.bookmark;
    more.onclick = async () => show(await read("/batches?pageSize=50&bookmark=" + encodeURIComponent(p.bookmark)));
  };
  show(page);
  batches.appendChild(more);
  body.replaceChildren(batches, reportPanel(report));
}

async function readReport() {
  try {
    return await read("/audit-report");
  } catch (e) {
    if (e instanceof Refused && e.status === 404) return null;
    throw e;
  }
}

function reportPanel(published) {
  const s = section("explorer-report-title", "Latest audit report");
  s.id = "explorer-report";
  if (!published) {
    s.appendChild(el("p", "No audit report published yet: an auditor publishes one with ./edgemarket audit --publish."));
    return s;
  }
  const r = published.report;
  const problems = r.discrepancies || [];
  const status = el("p", problems.length === 0 ? "No discrepancy found" : problems.length + " discrepancies found", "tag " + (problems.length === 0 ? "ok" : "bad"));
  status.id = "explorer-report-status";
  const facts = el("dl", null, "facts");
  [
    ["Published by", published.publishedBy],
    ["Published at", new Date(published.publishedAt).toLocaleString("en-GB")],
    ["Batches checked", count(r.batches)],
    ["Receipts checked", count(r.receiptsChecked)],
    ["Settled amount", count(r.totalSettledAmount)],
    ["Journal entries replayed", count(r.journalEntries)],
  ].forEach(([k, v]) => facts.append(el("dt", k), el("dd", v)));
  s.append(status, facts);
  if (problems.length > 0) {
    const table = el("table");
    table.appendChild(el("caption", "Discrepancies (the first 100)"));
    fillTable(table, ["Kind", "Record", "What was found"], problems.slice(0, 100).map((d) => [d.kind, d.id, d.message]), "");
    s.appendChild(table);
  }
  return s;
}

async function openSearch(body, q) {
  const result = await read("/search?q=" + encodeURIComponent(q));
  const s = section("explorer-results-title", "Results for " + q);
  const list = el("ul", null, "matches");
  list.id = "explorer-matches";
  if (result.matches.length === 0) list.appendChild(el("li", "Nothing on the ledger has this id."));
  for (const m of result.matches) {
    const item = el("li");
    item.dataset.kind = m.kind;
    item.append(el("span", m.kind, "kind"), " ");
    if (m.kind === "receipt") item.appendChild(link(href("explorer", "receipt", m.id), m.id));
    else if (m.kind === "batch") item.appendChild(link(href("explorer", "batch", m.id), m.id));
    else if (m.kind === "participant") item.appendChild(link(href("explorer", "account", m.id), m.id));
    else item.appendChild(el("code", m.id));
    item.append(" ", el("span", m.summary, "summary"));
    list.appendChild(item);
    const wide = (table) => {
      const wrap = el("div", null, "scroll");
      wrap.appendChild(table);
      item.appendChild(wrap);
    };
    if (m.entry) wide(entryTable(m.entry));
    if (m.receipts) wide(receiptTable(m.receipts));
    if (m.offers && m.offers.length) wide(offerTable(m.offers));
  }
  s.appendChild(list);
  body.replaceChildren(s);
}

function cellOf(node) {
  const td = el("td");
  td.appendChild(node);
  return td;
}

function entryTable(e) {
  const t = el("table");
  t.appendChild(el("caption", "Journal entry of transaction " + e.txId + " (" + e.kind + ")"));
  fillTable(t, ["From", "To", "Amount"], e.postings.map((p) => [p.from, p.to, num(count(p.amount))]), "No money moved.");
  return t;
}

function receiptTable(rows) {
  const t = el("table");
  t.appendChild(el("caption", "Receipts settled in the last day (the latest 20)"));
  fillTable(
    t,
    ["Run", "Function", "Status", "Amount", "Batch"],
    rows.map((r) => [cellOf(link(href("explorer", "receipt", r.runId), short(r.runId), r.runId)), r.functionId, r.status, num(count(r.amount)), cellOf(link(href("explorer", "batch", r.batchId), short(r.batchId), r.batchId))]),
    "None in the last day.",
  );
  return t;
}

function offerTable(offers) {
  const t = el("table");
  t.appendChild(el("caption", "Live offers"));
  fillTable(t, ["Offer", "Region", "Per invocation", "Per million fuel", "Stake"], offers.map((o) => [o.offerId, o.region, num(o.pricePerInvocation), num(o.pricePerMegaFuel), num(count(o.stake))]), "");
  return t;
}

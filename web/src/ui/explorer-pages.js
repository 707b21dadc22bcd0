// The explorer's pages for one record: a receipt (its Merkle proof checked here, step by step), a
// batch, an account's journal.
import { read } from "./explorer-api.js";
import { facts, link, section, tag } from "./explorer-parts.js";
import { verifyProof } from "./explorer-proof.js";
import { count, short } from "./format.js";
import { el, fillTable, num } from "./dom.js";
import { href } from "./router.js";

const when = (at) => (at ? new Date(at).toLocaleString("en-GB") : "—");
const search = (id) => link(href("explorer", "search", id), id);

function td(node) {
  const c = el("td");
  c.appendChild(node);
  return c;
}

function scrolling(table, labelId) {
  const wrap = el("div", null, "scroll");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-labelledby", labelId);
  wrap.appendChild(table);
  return wrap;
}

export async function openReceipt(body, id) {
  const r = await read("/receipts/" + encodeURIComponent(id));
  const receipt = r.receipt;
  const s = section("receipt-title", "Receipt " + r.runId);
  s.id = "explorer-receipt";
  s.appendChild(
    facts([
      ["Invocation", receipt.ticket.invocationId],
      ["Provider", search(receipt.providerId)],
      ["Consumer", link(href("explorer", "account", receipt.ticket.consumerId), receipt.ticket.consumerId)],
      ["Function", receipt.ticket.functionId],
      ["Status", receipt.status],
      ["Amount", count(receipt.amount)],
      ["Provider's share", count(r.providerShare)],
      ["Broker fee", count(r.brokerFee)],
      ["Batch", link(href("explorer", "batch", r.batchId), r.batchId)],
      ["Leaf index", r.leafIndex],
      ["Settled", when(r.settledAt)],
      ["Ledger transaction", r.txId ? search(r.txId) : "—"],
    ]),
  );
  const checks = el("table");
  checks.id = "receipt-checks";
  checks.appendChild(el("caption", "Signatures and amount, as the broker checked them against the certificates the ledger registers"));
  fillTable(checks, ["Check", "Status", "Detail"], r.checks.map((c) => [c.name, td(tag(c.status)), c.detail]), "");
  s.appendChild(scrolling(checks, "receipt-title"));

  const p = section("proof-title", "Merkle proof, checked in this page");
  p.id = "explorer-proof";
  const status = el("p", "checking…", "tag warn");
  status.id = "proof-status";
  status.setAttribute("role", "status");
  const steps = el("ol", null, "proof-steps");
  steps.id = "proof-steps";
  const bytes = el("details");
  bytes.append(el("summary", "The receipt's signed bytes"), el("pre", r.proof.signedPayload));
  p.append(el("p", "Each level is hashed here with this browser's SHA-256 and compared with the node the batch's leaves give; the climb must reach the root the ledger recorded."), status, steps, bytes);
  body.replaceChildren(s, p);

  let result;
  try {
    result = await verifyProof(r.proof);
  } catch (e) {
    status.textContent = "not checked: " + e.message;
    return;
  }
  for (const step of result.steps) {
    const li = el("li");
    li.dataset.ok = String(step.ok);
    const head = el("p", null, "step-head");
    head.append(el("strong", step.label), " ", tag(step.ok ? "verified" : "failed"));
    li.append(head, el("p", step.detail, "step-detail"));
    li.append(facts([["computed here", el("code", step.computed)], ["expected", el("code", step.expected ?? "—")]]));
    steps.appendChild(li);
  }
  status.textContent = result.ok ? "verified" : "failed";
  status.className = "tag " + (result.ok ? "ok" : "bad");
  p.dataset.verified = String(result.ok);
}

export async function openBatch(body, id) {
  const b = await read("/batches/" + encodeURIComponent(id));
  const s = section("batch-title", "Batch " + b.batchId);
  s.id = "explorer-batch";
  const root = el("span");
  root.append(el("code", b.recomputedRoot ?? "—"), " ", tag(b.rootMatches ? "verified" : "failed"));
  const sig = el("span");
  sig.append(tag(b.brokerSignature.status), " " + b.brokerSignature.detail);
  s.appendChild(
    facts([
      ["Broker", b.brokerId],
      ["Merkle root recorded", el("code", b.merkleRoot)],
      ["Root from its leaves", root],
      ["Broker's signature", sig],
      ["Receipts", count(b.receipts)],
      ["Settled", count(b.settled.length)],
      ["Rejected", count(b.rejected.length)],
      ["Amount", count(b.totalAmount)],
      ["Fees", count(b.totalFees)],
      ["Settled at", when(b.settledAt)],
      ["Ledger transaction", b.txId ? search(b.txId) : "—"],
      ["Statements", count(b.statements)],
    ]),
  );
  const settled = el("table");
  settled.id = "batch-receipts";
  settled.appendChild(el("caption", "Settled receipts, in leaf order (the first 500)"));
  fillTable(settled, ["#", "Run"], b.settled.slice(0, 500).map((run, i) => [num(i), td(link(href("explorer", "receipt", run), run))]), "None.");
  s.appendChild(scrolling(settled, "batch-title"));
  if (b.rejected.length) {
    const rejected = el("table");
    rejected.appendChild(el("caption", "Rejected receipts"));
    fillTable(rejected, ["Invocation", "Code", "Why"], b.rejected.map((x) => [x.invocationId, x.code, x.message]), "");
    s.appendChild(scrolling(rejected, "batch-title"));
  }
  body.replaceChildren(s);
}

export async function openJournal(body, account) {
  const j = await read("/accounts/" + encodeURIComponent(account) + "/journal");
  const s = section("journal-title", "Journal of " + j.accountId);
  s.id = "explorer-journal";
  s.appendChild(
    facts([
      ["Balance", count(j.balance)],
      ["Entries", count(j.entries.length)],
      ["Journal read", count(j.scanned) + (j.complete ? " entries, all of it" : " entries, not all of it")],
    ]),
  );
  const table = el("table");
  table.id = "journal";
  table.appendChild(el("caption", "Money moved to and from this account, newest first"));
  const rows = j.entries.map((e) => {
    let net = 0;
    const others = new Set();
    for (const p of e.postings) {
      if (p.to === j.accountId) net += p.amount;
      if (p.from === j.accountId) net -= p.amount;
      if (p.to !== j.accountId) others.add(p.to);
      if (p.from !== j.accountId) others.add(p.from);
    }
    return [when(e.timestamp), td(link(href("explorer", "search", e.txId), short(e.txId), e.txId)), e.kind, e.reference ?? "", num((net > 0 ? "+" : "") + count(net)), [...others].join(", ")];
  });
  fillTable(table, ["Time", "Transaction", "Kind", "Reference", "Amount", "With"], rows, "No movement.");
  s.appendChild(scrolling(table, "journal-title"));
  body.replaceChildren(s);
}

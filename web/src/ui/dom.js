// DOM helpers. Text goes in with textContent only, never as HTML: everything shown comes from the
// broker, and provider ids, regions and batch ids are chosen by others.

export function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

/** A table cell; numbers are right-aligned. */
export function cell(value, className) {
  return el("td", value, className);
}

export function num(value) {
  return cell(value, "num");
}

/**
 * Replaces a table's rows (its caption stays): a header row, then one row per entry of rows (each
 * an array of cells, or of values made into cells), or one row saying emptyText.
 */
export function fillTable(table, headers, rows, emptyText) {
  const caption = table.querySelector("caption");
  table.replaceChildren();
  if (caption) table.appendChild(caption);
  const head = el("thead");
  const headRow = el("tr");
  headers.forEach((h) => {
    const th = el("th", h);
    th.scope = "col";
    headRow.appendChild(th);
  });
  head.appendChild(headRow);
  table.appendChild(head);
  const body = el("tbody");
  if (rows.length === 0) {
    const td = el("td", emptyText, "empty");
    td.colSpan = headers.length;
    const tr = el("tr");
    tr.appendChild(td);
    body.appendChild(tr);
  }
  rows.forEach((cells) => {
    const tr = el("tr");
    cells.forEach((c) => tr.appendChild(c instanceof Node ? c : cell(c)));
    body.appendChild(tr);
  });
  table.appendChild(body);
}

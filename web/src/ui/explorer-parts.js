// Pieces the explorer's pages share: labelled sections, links, status tags, the refusal notice.
import { Refused } from "./explorer-api.js";
import { el } from "./dom.js";

/** A section labelled by its own heading. */
export function section(id, title) {
  const s = el("section");
  s.setAttribute("aria-labelledby", id);
  const h = el("h2", title);
  h.id = id;
  s.appendChild(h);
  return s;
}

export function link(target, text, title) {
  const a = el("a", text);
  a.href = target;
  if (title) a.title = title;
  return a;
}

/** "verified" or "failed" (or the broker's other words: covered, unknown) as a coloured tag. */
export function tag(status) {
  const good = status === "verified" || status === "covered";
  return el("span", status, "tag " + (good ? "ok" : status === "unknown" ? "warn" : "bad"));
}

/** A term list of [label, value] pairs; a value may be a node. */
export function facts(pairs) {
  const dl = el("dl", null, "facts");
  for (const [k, v] of pairs) {
    const dd = el("dd");
    if (v instanceof Node) dd.appendChild(v);
    else dd.textContent = v === null || v === undefined ? "—" : String(v);
    dl.append(el("dt", k), dd);
  }
  return dl;
}

/** What the page says when the broker refuses or fails: who is signed in, and what to do. */
export async function refusal(error, session) {
  const box = el("section", null, "refusal");
  box.id = "explorer-refused";
  box.setAttribute("role", "alert");
  const h = el("h2", "Not shown");
  box.appendChild(h);
  if (!(error instanceof Refused)) {
    box.appendChild(el("p", "The explorer could not be read: " + error.message));
    return box;
  }
  if (error.status === 401) {
    h.textContent = "Sign in as an auditor";
    box.appendChild(el("p", "The ledger explorer is for auditors and admins. Open a sign-in link: ./edgemarket open --as auditor"));
  } else if (error.status === 403) {
    h.textContent = "Refused";
    const who = await session().catch(() => null);
    box.appendChild(
      el("p", "The ledger explorer is for auditors and admins" + (who ? "; you are signed in as " + who.participantId + " (" + who.role + ")." : ".")),
    );
  } else if (error.status === 404) {
    h.textContent = "Not on the ledger";
  }
  box.appendChild(el("p", error.message, "detail"));
  return box;
}

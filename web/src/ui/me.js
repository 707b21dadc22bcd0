// The participant's own page at #/me (issue 15): signed in with a one-time link from
// `./edgemarket open`, the browser holds an HttpOnly session cookie and reads GET /api/v1/me/*;
// the broker decides what each role may see. Signed out, the page says how to sign in.
import "./me.css";
import { el } from "./dom.js";
import { ConsumerPanels, ProviderPanels, fillCards } from "./me-panels.js";
import { count } from "./format.js";

const ROUTE = "#/me";
const REFRESH_MILLIS = 5000;

class Unauthenticated extends Error {}

async function get(path) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  if (response.status === 401) throw new Unauthenticated();
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

export class MePage {
  constructor(doc, parent) {
    this.doc = doc;
    this.root = el("div", null, "me-view");
    this.root.id = "me-view";
    this.root.hidden = true;
    parent.appendChild(this.root);
    this.timer = null;
    this.panels = null;
    this.who = null;
  }

  show() {
    this.root.hidden = false;
    this.load();
    this.timer = setInterval(() => this.doc.visibilityState === "visible" && this.refresh(), REFRESH_MILLIS);
  }

  hide() {
    this.root.hidden = true;
    clearInterval(this.timer);
    this.timer = null;
  }

  async load() {
    this.root.replaceChildren();
    this.panels = null;
    try {
      this.who = await get("/api/v1/me");
    } catch (e) {
      if (e instanceof Unauthenticated) this.signedOut();
      else this.failed(e);
      return;
    }
    this.signedIn(this.who);
    await this.refresh();
  }

  async refresh() {
    if (!this.panels) return;
    try {
      await this.panels.update(get);
      this.root.dataset.updated = String(Date.now());
      this.status.textContent = "updated " + new Date().toLocaleTimeString("en-GB");
    } catch (e) {
      if (e instanceof Unauthenticated) this.load();
      else this.status.textContent = "could not update: " + e.message;
    }
  }

  heading(parent, text) {
    const h = el("h2", text);
    h.id = "me-title";
    h.tabIndex = -1;
    parent.appendChild(h);
    return h;
  }

  signedOut() {
    const s = el("section", null, "me-panel");
    s.setAttribute("aria-labelledby", "me-title");
    this.heading(s, "Your view");
    s.appendChild(
      el("p", "Sign in with your market identity to see your own figures: a provider its earnings, pay pending and settled, refusals and disputes; a consumer its functions, spend and invocations with their receipts."),
    );
    const steps = el("ol", null, "me-steps");
    const run = el("li", "On the machine that holds your identity, run ");
    run.appendChild(el("code", "./edgemarket open"));
    run.appendChild(el("span", " (add "));
    run.appendChild(el("code", "--as NAME"));
    run.appendChild(el("span", " for another identity)."));
    steps.appendChild(run);
    steps.appendChild(el("li", "Open the link it prints in this browser within two minutes; it works once."));
    steps.appendChild(el("li", "You are back here, signed in for eight hours. No password: the request for the link was signed with your key."));
    s.appendChild(steps);
    s.dataset.state = "signed-out";
    this.root.appendChild(s);
  }

  failed(error) {
    const s = el("section", null, "me-panel");
    this.heading(s, "Your view");
    s.appendChild(el("p", "The broker did not answer: " + error.message, "me-error"));
    this.root.appendChild(s);
  }

  signedIn(who) {
    const s = el("section", null, "me-panel");
    s.setAttribute("aria-labelledby", "me-title");
    s.dataset.state = "signed-in";
    s.dataset.role = who.role;
    this.heading(s, "Your view: " + who.role);
    const line = el("p", null, "me-who");
    line.appendChild(el("span", "Signed in as "));
    const id = el("strong", who.participantId);
    id.id = "me-participant";
    line.appendChild(id);
    s.appendChild(line);
    const dl = el("dl", null, "cards");
    dl.setAttribute("aria-label", "Your account");
    fillCards(dl, [
      ["balance", count(who.balance), "balance"],
      ...(who.locked ? [["locked as stake", count(who.locked), "locked"]] : []),
    ]);
    s.appendChild(dl);
    const bar = el("div", null, "me-bar");
    this.status = el("p", "loading…", "me-status");
    this.status.setAttribute("role", "status");
    bar.appendChild(this.status);
    const out = el("button", "Sign out");
    out.type = "button";
    out.addEventListener("click", async () => {
      await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin" });
      this.load();
    });
    bar.appendChild(out);
    s.appendChild(bar);
    this.root.appendChild(s);
    if (who.role === "provider") this.panels = new ProviderPanels(this.root);
    else if (who.role === "consumer") this.panels = new ConsumerPanels(this.root);
    else {
      s.appendChild(el("p", "This page shows providers' and consumers' own figures; as " + who.role + " you have the ledger explorer."));
      this.status.textContent = "";
    }
  }
}

/**
 * Shows the page while the address is #/me and the rest of the main content otherwise; marks the
 * navigation link of the page shown. The app's router may call show()/hide() itself instead.
 */
let page = null;

/**
 * The router's opener for #/me (router.js shows the view's container alone): the page is built
 * once, shown (and refreshed every few seconds) while the route is #/me, and stops refreshing when
 * the browser leaves it.
 */
export function openMe(container) {
  if (!page) {
    page = new MePage(document, container);
    window.addEventListener("hashchange", () => {
      if (!document.location.hash.startsWith(ROUTE) && !page.root.hidden) page.hide();
    });
  }
  if (page.root.hidden) {
    page.show();
    document.getElementById("main").focus();
  }
}

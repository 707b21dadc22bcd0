// The page's navigation: one hash route per view (#/ the overview, #/explorer… the ledger
// explorer, #/me… the participant's own view). Each view is a container in index.html that is shown
// alone; its module is told the rest of the route when it opens. Hashes not starting with "#/" (the
// skip link's #main) leave the current view as it is.

const VIEWS = ["overview", "explorer", "me"];

/** The view a hash names and the route's parts after it (decoded), e.g. ["receipt", "id#1"]. */
export function parse(hash) {
  const path = (hash || "").replace(/^#\/?/, "");
  const parts = path === "" ? [] : path.split("/").map((p) => decodeURIComponent(p));
  const view = VIEWS.includes(parts[0]) ? parts[0] : "overview";
  return { view, rest: view === parts[0] ? parts.slice(1) : [] };
}

/** A hash for a view and its parts, each part encoded (ids may hold "#", "/" or "@"). */
export function href(view, ...parts) {
  return "#/" + [view, ...parts].map((p) => encodeURIComponent(p)).join("/");
}

/** Shows the view the hash names, now and on every change; openers: { view: (container, rest) }. */
export function startRouter(doc, openers) {
  const route = () => {
    const hash = doc.location.hash;
    if (hash && !hash.startsWith("#/")) return;
    const { view, rest } = parse(hash);
    for (const name of VIEWS) {
      const container = doc.getElementById("page-" + name);
      if (container) container.hidden = name !== view;
    }
    doc.querySelectorAll("nav a[data-page]").forEach((a) => {
      if (a.dataset.page === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    const container = doc.getElementById("page-" + view);
    doc.title = "EdgeMarket — " + (container?.dataset.title ?? view);
    if (openers[view]) openers[view](container, rest);
  };
  window.addEventListener("hashchange", route);
  route();
}

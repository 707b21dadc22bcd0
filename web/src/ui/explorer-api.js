// The explorer's reads: GET /api/v1/explorer/… with the session cookie (same origin). A refusal
// keeps its status and the broker's own words, which the page shows.

export class Refused extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export async function read(path) {
  const answer = await fetch("/api/v1/explorer" + path, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (!answer.ok) {
    let detail = answer.statusText;
    try {
      detail = (await answer.json()).detail || detail;
    } catch {
      // not a problem body: the status text stands
    }
    throw new Refused(answer.status, detail);
  }
  return answer.json();
}

/** Who the page is signed in as, or null. */
export async function session() {
  const answer = await fetch("/api/v1/session", { credentials: "same-origin" });
  return answer.ok ? answer.json() : null;
}

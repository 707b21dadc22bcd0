// Entry point: the style sheets (bundled, served by the broker) and the live feed. The page follows
// GET /api/v1/public/events (server-sent events: a snapshot of the market about once a second and
// on change); the browser's EventSource reconnects by itself when the broker restarts.
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { Overview } from "./overview.js";
import { routeMe } from "./me.js";

const EVENTS = "/api/v1/public/events";
const RETRY_SECONDS = 15;

function start() {
  routeMe(document);
  const live = document.getElementById("live");
  const overview = new Overview(document);
  const setLive = (text, state) => {
    if (live.textContent !== text) live.textContent = text;
    live.className = "live " + state;
  };
  const connect = () => {
    const source = new EventSource(EVENTS);
    source.addEventListener("snapshot", (event) => {
      overview.render(JSON.parse(event.data));
      setLive("live", "up");
      document.body.dataset.updated = String(Date.now());
    });
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) {
        setLive("reconnecting…", "down");
        return;
      }
      // Refused (e.g. 503: the broker has as many viewers as it takes): try again later.
      setLive("disconnected; trying again in " + RETRY_SECONDS + " s", "down");
      setTimeout(connect, RETRY_SECONDS * 1000);
    });
  };
  connect();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}

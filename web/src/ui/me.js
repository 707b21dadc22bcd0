// The participant's own view (#/me): a placeholder until that view is built.
import { el } from "./dom.js";

export function openMe(container) {
  if (container.childElementCount > 0) return;
  const section = el("section");
  section.setAttribute("aria-labelledby", "me-title");
  const title = el("h2", "My account");
  title.id = "me-title";
  section.append(title, el("p", "Your own invocations, receipts and balance will be shown here."));
  container.appendChild(section);
}

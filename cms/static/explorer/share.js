// Saving and printing a view. The URL already holds the whole view, so saving
// it is copying the URL ("Copy link to this view"); a printed page starts with
// what it shows (the view, its search and filters) and the day it was printed;
// the actions views offer the Atom feed of new progress reports for the same
// agencies or action.

import { h, replace } from "./dom.js";
import { dateTime } from "./format.js";
import { VIEWS } from "./state.js";

/** "Printed 6 Dec 2026", the day in New Zealand. */
export function printedOn(now = new Date()) {
  return `Printed ${dateTime(now.toISOString())}`;
}

/**
 * The lines a printed list starts with: the view, the search, each chosen
 * filter by its label and names (`names` from filters.chosenNames), and
 * whether past cycles are included.
 */
export function listSummary(state, names) {
  const definition = VIEWS[state.view];
  const labels = Object.fromEntries(
    [...definition.facets, ...definition.flags].map((item) => [item.key, item.label]),
  );
  const lines = [];
  if (state.search) lines.push(`Search: “${state.search}”`);
  for (const [key, values] of Object.entries(state.filters)) {
    const shown = values.map((value) => names.get(`${key}:${value}`) || value);
    lines.push(`${labels[key] || key}: ${shown.join(", ")}`);
  }
  if (!lines.length) lines.push("Filters: none");
  lines.push(state.past ? "Cycles: current and past" : "Cycles: current only");
  return lines;
}

/** Fill the print-only heading: `title`, the `lines`, the address and the date. */
export function renderPrintHeading(container, title, lines, now = new Date()) {
  replace(
    container,
    h("p", { class: "print-heading__title", text: `Human Rights Monitor — ${title}` }),
    lines.length ? h("ul", { class: "print-heading__filters" }, lines.map((line) => h("li", { text: line }))) : null,
    h("p", { class: "print-heading__meta" },
      h("span", { id: "printed-on", text: printedOn(now) }), " · ", window.location.href),
  );
}

/**
 * The Atom feed of new progress reports for a view: one action's reports on
 * its page, the chosen agencies' reports in the actions list ("" elsewhere:
 * the feed's filters are the progress report list's, and the recommendation
 * view has none of them).
 */
export function feedLink(state, baseUrl) {
  if (!baseUrl) return "";
  const params = new URLSearchParams();
  if (state.action) {
    params.set("actions", state.action);
  } else if (state.view === "actions" && !state.recommendation) {
    for (const agency of state.filters.agencies || []) params.append("agencies", agency);
  } else {
    return "";
  }
  const text = params.toString();
  return text ? `${baseUrl}?${text}` : baseUrl;
}

/** Draw the feed link of the view (and the page's alternate link). */
export function renderFeedLink(container, alternate, state, baseUrl) {
  const href = feedLink(state, baseUrl);
  if (alternate) alternate.href = href || baseUrl;
  if (!href) {
    container.replaceChildren();
    return;
  }
  let text = "New progress reports (Atom feed)";
  if (state.action) text = `New progress reports on ${state.action} (Atom feed)`;
  else if (state.filters.agencies?.length) text = "New progress reports of the chosen agencies (Atom feed)";
  replace(container, h("a", { href, class: "feed-link", type: "application/atom+xml", id: "feed-link" }, text));
}

/**
 * "Copy link to this view": the clipboard when the browser allows it, with a
 * visible confirmation; otherwise the address in a text field, selected, to
 * copy by hand.
 */
export function setUpCopyLink(button, field, message) {
  button.addEventListener("click", async () => {
    const url = window.location.href;
    field.value = url;
    try {
      if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(url);
      field.hidden = true;
      message.textContent = "Link copied. Paste it to share or bookmark this view.";
    } catch {
      field.hidden = false;
      field.focus();
      field.select();
      message.textContent = "Copy the selected link (Ctrl+C, or ⌘C on a Mac).";
    }
  });
}

// Small pieces every view draws: links to other states, badges, SMART
// letters and fact lists.

import { h, hidden } from "./dom.js";
import { SMART_NAMES, count, date, label } from "./format.js";
import { toQuery } from "./state.js";

export const STATUS_CLASS = {
  IN_PREPARATION: "in-preparation",
  IN_PROGRESS: "in-progress",
  COMPLETED: "completed",
};

/** A link inside the explorer to another state. */
export function stateLink(state, text, attributes = {}) {
  return h("a", { href: toQuery(state), ...attributes }, text);
}

export function statusBadge(code) {
  if (!code) return null;
  return h(
    "span",
    { class: `badge badge--status badge--${STATUS_CLASS[code] || "other"}` },
    h("span", { class: "badge__icon", "aria-hidden": "true" }),
    label(code),
  );
}

/** A warning badge: a shape and words, not colour alone. */
function overdueBadge(text, modifier = "overdue") {
  return h(
    "span",
    { class: `badge badge--${modifier}` },
    h("span", { class: "badge__icon badge__icon--warning", "aria-hidden": "true", text: "!" }),
    text,
  );
}

/**
 * What is late about an action (the API decides, with today's date in New
 * Zealand): "Past target date" and "Progress report overdue (due 1 Jul 2026)".
 * `long` adds the dates; an empty list when nothing is late.
 */
export function overdueMarkers(action, { long = false } = {}) {
  const markers = [];
  if (action.pastTargetDate) {
    markers.push(overdueBadge(long && action.targetDate ? `Past target date (${date(action.targetDate)})` : "Past target date"));
  }
  if (action.overdueReports > 0) {
    const one = action.overdueReports === 1;
    const what = one ? "Progress report overdue" : `${count(action.overdueReports, "progress report")} overdue`;
    let when = "";
    if (long && action.reportOverdueSince) {
      when = one ? ` (due ${date(action.reportOverdueSince)})` : `, the oldest due ${date(action.reportOverdueSince)}`;
    }
    markers.push(overdueBadge(`${what}${when}`));
  }
  return markers;
}

/** The short marker of a list: "Overdue", or nothing. */
export function overdueBadgeShort(action) {
  return action.overdue ? overdueBadge("Overdue") : null;
}

export function badge(text, modifier = "") {
  return h("span", { class: `badge ${modifier ? `badge--${modifier}` : ""}`.trim() }, text);
}

/** The five letters, those met filled in; read out as the names of those met. */
export function smartLetters(letters) {
  const met = new Set(letters || []);
  const names = [...met].map((letter) => SMART_NAMES[letter]).filter(Boolean);
  return h(
    "span",
    { class: "smart" },
    h(
      "span",
      { class: "smart__letters", "aria-hidden": "true" },
      Object.keys(SMART_NAMES).map((letter) =>
        h("span", { class: met.has(letter) ? "smart__letter smart__letter--met" : "smart__letter" }, letter),
      ),
    ),
    hidden(names.length ? `SMART criteria met: ${names.join(", ")}` : "No SMART criteria met"),
  );
}

function isEmpty(value) {
  if (value === null || value === undefined || value === false || value === "") return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  return false;
}

export function facts(rows) {
  const list = h("dl", { class: "facts" });
  for (const [term, value] of rows) {
    if (isEmpty(value)) continue;
    list.append(h("div", { class: "facts__row" }, h("dt", { text: term }), h("dd", {}, value)));
  }
  return list;
}

/** "a, b and c" with each item a node or string. */
export function joined(items) {
  const out = [];
  items.forEach((item, index) => {
    if (index) out.push(index === items.length - 1 ? " and " : ", ");
    out.push(item);
  });
  return out;
}

/** A recommendation's heading: "122.45 — Title" or "Recommendation 122.45". */
export function recommendationHeading(item) {
  return item.title ? `${item.reference} — ${item.title}` : `Recommendation ${item.reference}`;
}

/** The UPR response as a badge (null when there is none). */
export function responseBadge(code) {
  return code ? badge(label(code), `response-${code.toLowerCase()}`) : null;
}

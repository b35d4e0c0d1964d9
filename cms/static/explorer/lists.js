// The result lists and their pagination.

import { h, hidden, idPart, replace } from "./dom.js";
import { count, date, excerpt, label, number } from "./format.js";
import {
  badge, facts, overdueBadgeShort, overdueMarkers, recommendationHeading, responseBadge, smartLetters,
  stateLink, statusBadge,
} from "./parts.js";
import { PAGE_SIZE, VIEWS, freshState, toQuery, withState } from "./state.js";

export function recommendationLinkId(naturalKey) {
  return `link-recommendation-${idPart(naturalKey)}`;
}

export function actionLinkId(reference) {
  return `link-action-${idPart(reference)}`;
}

function actionsSummary(actions) {
  if (!actions.length) return h("p", { class: "item__actions item__actions--none", text: "No published action yet." });
  return h(
    "div",
    { class: "item__actions" },
    h("span", { class: "item__actions-label", text: `${count(actions.length, "action")}: ` }),
    h(
      "ul",
      { class: "inline-list" },
      actions.map((action) =>
        h(
          "li",
          {},
          statusBadge(action.progressStatus),
          action.overdue ? [" ", overdueBadgeShort(action)] : null,
          " ",
          h("span", { class: "item__action-ref", text: action.reference }),
        ),
      ),
    ),
  );
}

function recommendationItem(item, state) {
  const target = withState(state, { recommendation: item.naturalKey });
  const badges = [
    responseBadge(item.uprResponse),
    item.followUp ? badge("One-year follow-up", "follow-up") : null,
    item.prioritised ? badge("Cabinet priority", "priority") : null,
  ].filter(Boolean);
  const states = item.recommendingStates.map((country) => country.name);
  return h(
    "li",
    { class: "item" },
    h(
      "article",
      { "aria-labelledby": recommendationLinkId(item.naturalKey) },
      h("p", { class: "item__kicker", text: `${item.cycle.name}${item.cycle.isCurrent ? "" : " (past cycle)"}` }),
      h(
        "h3",
        { class: "item__title" },
        stateLink(target, recommendationHeading(item), { id: recommendationLinkId(item.naturalKey) }),
      ),
      badges.length ? h("p", { class: "item__badges" }, badges.flatMap((item, index) => (index ? [" ", item] : [item]))) : null,
      h("p", { class: "item__text", text: excerpt(item.text, 320) }),
      facts([
        ["Recommended by", states.length > 6 ? `${states.slice(0, 6).join(", ")} and ${states.length - 6} more` : states.join(", ")],
        ["Responsible", item.responsibleAgencies.map((agency) => agency.name).join(", ")],
      ]),
      actionsSummary(item.actions),
    ),
  );
}

function actionItem(item, state) {
  const target = withState(state, { action: item.reference });
  // A Set: the API has repeated a shared recommendation in nested lists.
  const recommendations = [...new Set(item.recommendations.map((recommendation) => recommendation.naturalKey))];
  const more = item.recommendationCount - recommendations.length;
  return h(
    "li",
    { class: "item" },
    h(
      "article",
      { "aria-labelledby": actionLinkId(item.reference) },
      h("p", { class: "item__kicker", text: item.leadAgency ? `Led by ${item.leadAgency.name}` : "Action" }),
      h(
        "h3",
        { class: "item__title" },
        stateLink(target, `${item.reference} — ${item.title}`, { id: actionLinkId(item.reference) }),
      ),
      h(
        "p",
        { class: "item__badges" },
        statusBadge(item.progressStatus),
        overdueMarkers(item).map((marker) => [" ", marker]),
        " ",
        smartLetters(item.smart),
      ),
      item.description ? h("p", { class: "item__text", text: excerpt(item.description, 280) }) : null,
      facts([
        ["Target date", item.targetDate ? date(item.targetDate) : ""],
        [
          "Responds to",
          recommendations.length
            ? `${recommendations.join(", ")}${more > 0 ? ` and ${number(more)} more` : ""}`
            : "",
        ],
      ]),
    ),
  );
}

export function renderItems(container, state, items) {
  const render = state.view === "actions" ? actionItem : recommendationItem;
  if (!items.length) {
    replace(
      container,
      h(
        "li",
        { class: "empty" },
        h("p", { text: `No ${VIEWS[state.view].noun}s match.` }),
        h("p", {}, "Try fewer filters, other words, or ", stateLink(freshState(state.view, { past: true }), "everything, past cycles included"), "."),
      ),
    );
    return;
  }
  replace(container, items.map((item) => render(item, state)));
  container.setAttribute("start", String((state.page - 1) * PAGE_SIZE + 1));
}

/** Previous, numbered pages around the current one, next. */
export function renderPagination(container, state, total) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const page = Math.min(state.page, pages);
  const numbers = new Set([1, pages, page - 1, page, page + 1].filter((value) => value >= 1 && value <= pages));
  const items = [];
  const link = (target, text, attributes = {}) =>
    h("li", {}, stateLink(withState(state, { page: target }), text, attributes));
  items.push(page > 1 ? link(page - 1, "Previous", { rel: "prev" }) : h("li", { class: "pagination__gap", "aria-hidden": "true", text: "" }));
  let last = 0;
  for (const value of [...numbers].sort((a, b) => a - b)) {
    if (value - last > 1) items.push(h("li", { class: "pagination__gap", "aria-hidden": "true", text: "…" }));
    items.push(
      value === page
        ? h("li", {}, h("a", { href: toQuery(withState(state, { page: value })), "aria-current": "page" }, hidden("Page "), String(value)))
        : link(value, [hidden("Page "), String(value)]),
    );
    last = value;
  }
  if (page < pages) items.push(link(page + 1, "Next", { rel: "next" }));
  replace(container, h("ul", {}, items));
}

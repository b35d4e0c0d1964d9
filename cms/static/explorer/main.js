// The explorer: reads the state from the URL, asks the GraphQL API for what it
// needs, draws it, and turns every choice into a new URL (pushState), so that
// back/forward, bookmarks and shared links all work.

import { ApiError, query } from "./api.js";
import { count, number } from "./format.js";
import { h, replace } from "./dom.js";
import {
  ACTION_DETAIL, ACTION_LIST, OVERVIEW, RECOMMENDATION_DETAIL, RECOMMENDATION_LIST,
} from "./queries.js";
import { renderActionDetail, renderRecommendationDetail } from "./detail.js";
import { feedbackSection } from "./feedback.js";
import { chosenNames, renderChosen, renderFilters } from "./filters.js";
import { renderItems, renderPagination } from "./lists.js";
import { drawMeasures } from "./measures.js";
import { renderOverview } from "./overview.js";
import { listSummary, renderFeedLink, renderPrintHeading, setUpCopyLink } from "./share.js";
import {
  PAGE_SIZE, VIEWS, chosenCount, effectiveOrder, exportLink, freshState, graphqlFilter,
  listState, parseState, splitNaturalKey, switchView, toQuery, withState,
} from "./state.js";

const config = JSON.parse(document.getElementById("explorer-config").textContent);
const SITE = "Human Rights Monitor";

const $ = (id) => document.getElementById(id);
const elements = {
  root: $("explorer"),
  skipLink: document.querySelector(".skip-link"),
  overview: $("overview"),
  overviewBody: $("overview-body"),
  listView: $("list-view"),
  detailView: $("detail-view"),
  tabs: { recommendations: $("tab-recommendations"), actions: $("tab-actions") },
  searchForm: $("search-form"),
  searchInput: $("search-input"),
  searchLabel: $("search-label"),
  past: $("past-cycles"),
  order: $("order-select"),
  filtersBody: $("filters-body"),
  filtersToggle: $("filters-toggle"),
  showResults: $("show-results"),
  resultsHeading: $("results-heading"),
  results: $("results"),
  resultsError: $("results-error"),
  chosen: $("chosen-filters"),
  download: $("download"),
  list: $("result-list"),
  pagination: $("pagination"),
  apiQuery: $("api-query-text"),
  status: $("status"),
  printHeading: $("print-heading"),
  copyLink: $("copy-link"),
  copyLinkField: $("copy-link-field"),
  copyLinkMessage: $("copy-link-message"),
  feed: $("feed"),
  feedAlternate: $("feed-alternate"),
};

let state = parseState(window.location.search);
let lastFacets = {};
// Facets whose "Show all" is open; kept while the person browses.
const expanded = new Set();
const overviewCache = new Map();
let controller = null;
let renderCount = 0;
// Codes of the latest cycle of each body, once the overview has them.
let currentCycles = null;

// Data ----------------------------------------------------------------------

function listRequest(current) {
  const document = current.view === "actions" ? ACTION_LIST : RECOMMENDATION_LIST;
  const variables = {
    filter: graphqlFilter(current),
    search: current.search || null,
    order: effectiveOrder(current),
    offset: (current.page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  return { document, variables };
}

function overviewVariables(past) {
  const base = past ? {} : { currentCycleOnly: true };
  return {
    currentOnly: !past,
    inPreparation: { ...base, progressStatuses: ["IN_PREPARATION"] },
    inProgress: { ...base, progressStatuses: ["IN_PROGRESS"] },
    completed: { ...base, progressStatuses: ["COMPLETED"] },
    all: { ...base },
    withActions: { ...base, hasActions: true },
  };
}

function loadOverview(past, signal) {
  if (!overviewCache.has(past)) {
    const promise = query(config.graphqlUrl, OVERVIEW, overviewVariables(past), { signal });
    promise.catch(() => overviewCache.delete(past));
    overviewCache.set(past, promise);
  }
  return overviewCache.get(past);
}

// Drawing -------------------------------------------------------------------

function announce(text) {
  // A change of text is what screen readers announce; clear first so that the
  // same message twice is read twice.
  elements.status.textContent = "";
  window.setTimeout(() => { elements.status.textContent = text; }, 50);
}

function setBusy(busy) {
  elements.root.dataset.state = busy ? "loading" : "ready";
  elements.results.setAttribute("aria-busy", String(busy));
  // For measuring: when the first view was complete (tests read it).
  if (!busy && !performance.getEntriesByName("explorer:ready").length) {
    performance.mark("explorer:ready");
  }
}

function showError(container, error, retry) {
  // A link with a filter code that does not exist (an old or mistyped
  // link): the API names it; trying again would not help, clearing would.
  if (error instanceof ApiError && error.code === "BAD_USER_INPUT") {
    replace(
      container,
      h("div", { class: "notice notice--error" },
        h("p", { text: `This link asks for something the data does not have. ${error.message}` }),
        h("p", {}, h("a", { href: toQuery(freshState(state.view, { past: state.past })), id: "error-clear" }, "Show the list without filters"))),
    );
    return;
  }
  const message = error instanceof ApiError
    ? `The data could not be loaded: ${error.message}`
    : "The data could not be loaded. Check your connection and try again.";
  replace(
    container,
    h("div", { class: "notice notice--error" },
      h("p", { text: message }),
      h("button", { type: "button", onclick: retry }, "Try again")),
  );
}

function drawControls(current) {
  const definition = VIEWS[current.view];
  for (const [view, tab] of Object.entries(elements.tabs)) {
    tab.href = toQuery(view === current.view ? listState(withState(current, { page: 1 })) : switchView(current, view));
    if (view === current.view) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  elements.searchLabel.textContent = `Search ${definition.title.toLowerCase()}`;
  elements.searchInput.value = current.search;
  elements.past.checked = current.past;
  const order = effectiveOrder(current);
  const options = current.search ? [["RELEVANCE", "Best match"], ...definition.orders] : definition.orders;
  replace(
    elements.order,
    options.map(([value, text]) => h("option", { value, text, selected: value === order })),
  );
  const chosen = chosenCount(current);
  elements.filtersToggle.textContent = `${elements.filtersBody.classList.contains("is-open") ? "Hide" : "Show"} filters${chosen ? ` (${chosen} chosen)` : ""}`;
}

function drawDownload(current, total) {
  if (!config.exportUrl) {
    elements.download.replaceChildren();
    return;
  }
  replace(
    elements.download,
    h("a", { href: exportLink(current, config.exportUrl), class: "download__link", download: "" },
      `Download ${total === 1 ? "this" : `these ${number(total)}`} ${VIEWS[current.view].noun}${total === 1 ? "" : "s"} (CSV)`),
  );
}

function documentTitle(current, total) {
  const view = VIEWS[current.view].title;
  const parts = [current.search ? `“${current.search}”` : "", chosenCount(current) ? "filtered" : ""].filter(Boolean);
  const page = current.page > 1 ? `, page ${current.page}` : "";
  return `${view}${parts.length ? ` (${parts.join(", ")})` : ""}${page}: ${number(total)} — ${SITE}`;
}

async function drawList(current, signal) {
  const { document: text, variables } = listRequest(current);
  elements.apiQuery.textContent = `${text.trim()}\n\n# variables\n${JSON.stringify(variables, null, 2)}`;
  const data = await query(config.graphqlUrl, text, variables, { signal });
  if (signal.aborted) return null;
  const list = current.view === "actions" ? data.actions : data.recommendations;
  const pages = Math.max(1, Math.ceil(list.totalCount / PAGE_SIZE));
  if (current.page > pages) {
    // A shared link to a page that no longer exists: show the last one.
    const last = withState(current, { page: pages });
    window.history.replaceState(window.history.state, "", toQuery(last));
    state = last;
    return drawList(last, signal);
  }
  lastFacets = list.facets;
  const noun = VIEWS[current.view].noun;
  const first = (current.page - 1) * PAGE_SIZE + 1;
  const range = list.totalCount > PAGE_SIZE
    ? `, ${number(first)}–${number(first + list.items.length - 1)} shown`
    : "";
  elements.resultsHeading.textContent = `${count(list.totalCount, noun)}${range}`;
  elements.showResults.textContent = `Show ${count(list.totalCount, "result")}`;
  renderFilters(elements.filtersBody, current, list.facets, expanded);
  renderChosen(elements.chosen, current, list.facets);
  renderItems(elements.list, current, list.items);
  renderPagination(elements.pagination, current, list.totalCount);
  drawDownload(current, list.totalCount);
  renderPrintHeading(elements.printHeading, VIEWS[current.view].title, listSummary(current, chosenNames(current, list.facets)));
  document.title = documentTitle(current, list.totalCount);
  return list;
}

async function drawDetail(current, signal) {
  let item;
  if (current.recommendation) {
    const { cycle, reference } = splitNaturalKey(current.recommendation);
    const data = await query(config.graphqlUrl, RECOMMENDATION_DETAIL, { cycle, reference }, { signal });
    item = data.recommendation;
    if (signal.aborted) return null;
    renderRecommendationDetail(elements.detailView, item, current);
    if (item && config.feedbackUrl) {
      elements.detailView.querySelector("article")?.append(feedbackSection(item, config.feedbackUrl));
    }
    document.title = item
      ? `Recommendation ${item.cycle.code} ${item.reference}${item.title ? ` — ${item.title}` : ""} — ${SITE}`
      : `Recommendation not found — ${SITE}`;
  } else {
    const data = await query(config.graphqlUrl, ACTION_DETAIL, { reference: current.action }, { signal });
    item = data.action;
    if (signal.aborted) return null;
    renderActionDetail(elements.detailView, item, current);
    document.title = item ? `${item.reference} — ${item.title} — ${SITE}` : `Action not found — ${SITE}`;
  }
  await drawMeasures(elements.detailView, config.graphqlUrl, signal);
  if (signal.aborted) return null;
  renderPrintHeading(elements.printHeading, current.action ? `Action ${current.action}` : `Recommendation ${current.recommendation.replace("/", " ")}`, []);
  return item;
}

/**
 * Draw `current`. `focus` says where keyboard focus goes afterwards:
 * "keep" (the control that changed, found again by id), "results",
 * "detail", an element id, or null (leave it).
 */
async function draw(current, { focus = null, scrollY = null } = {}) {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const run = ++renderCount;
  const focusedId = document.activeElement?.id;
  const isDetail = Boolean(current.recommendation || current.action);
  setBusy(true);
  drawControls(current);
  elements.resultsError.replaceChildren();
  elements.copyLinkMessage.textContent = "";
  elements.copyLinkField.hidden = true;
  renderFeedLink(elements.feed, elements.feedAlternate, current, config.feedUrl);
  elements.root.dataset.view = isDetail ? "detail" : current.view;
  // The skip link leads to what is shown: the results, or the details.
  elements.skipLink.href = isDetail ? "#detail-heading" : "#results-heading";
  elements.skipLink.textContent = isDetail ? "Skip to the details" : "Skip to the results";

  const overview = isDetail ? null : loadOverview(current.past, undefined).then(
    (data) => { if (run === renderCount) renderOverview(elements.overviewBody, data, current); },
    (error) => { if (run === renderCount) showError(elements.overviewBody, error, () => draw(state)); },
  );

  try {
    if (isDetail) {
      const item = await drawDetail(current, signal);
      if (signal.aborted) return;
      elements.listView.hidden = true;
      elements.overview.hidden = true;
      elements.detailView.hidden = false;
      if (focus) {
        window.scrollTo(0, 0);
        $("detail-heading")?.focus();
      }
      announce(item ? "Details loaded." : "Not found.");
    } else {
      const list = await drawList(current, signal);
      if (!list || signal.aborted) return;
      elements.detailView.hidden = true;
      elements.detailView.replaceChildren();
      elements.listView.hidden = false;
      elements.overview.hidden = false;
      announce(`${count(list.totalCount, VIEWS[current.view].noun)} found.`);
      await overview;
      restoreFocus(focus, focusedId, scrollY);
    }
    setBusy(false);
  } catch (error) {
    if (signal.aborted || error.name === "AbortError") return;
    elements.listView.hidden = isDetail;
    const container = isDetail ? elements.detailView : elements.resultsError;
    showError(container, error, () => draw(state, { focus }));
    setBusy(false);
    elements.root.dataset.state = "error";
  }
}

function restoreFocus(focus, focusedId, scrollY) {
  if (focus === "keep") {
    const again = focusedId && $(focusedId);
    if (again && !again.hidden) {
      again.focus();
    } else {
      elements.resultsHeading.focus();
    }
  } else if (focus === "results") {
    elements.resultsHeading.focus({ preventScroll: true });
    elements.resultsHeading.scrollIntoView({ block: "start" });
  } else if (focus) {
    const target = $(focus);
    if (target) target.focus({ preventScroll: scrollY !== null });
    else elements.resultsHeading.focus({ preventScroll: scrollY !== null });
  }
  if (scrollY !== null) window.scrollTo(0, scrollY);
}

// Navigation ----------------------------------------------------------------

/**
 * Go to `next`: a new history entry (so back undoes it), remembering where
 * focus and the scroll position were on the entry being left.
 */
function navigate(next, { focus = "keep", replaceEntry = false } = {}) {
  const here = { ...(window.history.state || {}), scrollY: window.scrollY, focusId: document.activeElement?.id || null };
  window.history.replaceState(here, "", window.location.href);
  const url = toQuery(next);
  if (replaceEntry) window.history.replaceState({}, "", url);
  else window.history.pushState({}, "", url);
  state = parseState(url);
  draw(state, { focus });
}

window.addEventListener("popstate", (event) => {
  state = parseState(window.location.search);
  const saved = event.state || {};
  const isDetail = Boolean(state.recommendation || state.action);
  draw(state, {
    focus: isDetail ? "detail" : saved.focusId || "results",
    scrollY: isDetail ? null : saved.scrollY ?? null,
  });
});

// Links to another state of the explorer are followed without a page load;
// modified clicks (new tab, new window) are left to the browser.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) return;
  event.preventDefault();
  const next = parseState(url.search);
  const isDetail = Boolean(next.recommendation || next.action);
  const pageChange = next.page !== state.page && !isDetail;
  navigate(next, { focus: isDetail ? "detail" : pageChange || link.closest(".overview, .detail") ? "results" : "keep" });
});

elements.searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const search = elements.searchInput.value.trim();
  navigate(withState(listState(state), { search, page: 1, order: state.order === "RELEVANCE" ? "" : state.order }), { focus: "keep" });
});

elements.past.addEventListener("change", () => {
  const past = elements.past.checked;
  const next = withState(listState(state), { past, page: 1 });
  if (!past && next.filters.cycles && currentCycles) {
    // A past cycle cannot match any more: drop it from the chosen cycles.
    next.filters.cycles = next.filters.cycles.filter((code) => currentCycles.has(code));
    if (!next.filters.cycles.length) delete next.filters.cycles;
  }
  navigate(next, { focus: "keep" });
});

elements.order.addEventListener("change", () => {
  navigate(withState(state, { order: elements.order.value, page: 1 }), { focus: "keep" });
});

elements.filtersBody.addEventListener("change", (event) => {
  const input = event.target;
  if (input.dataset.facet) {
    const key = input.dataset.facet;
    const values = new Set(state.filters[key] || []);
    if (input.checked) values.add(input.value);
    else values.delete(input.value);
    const next = withState(state, { page: 1 });
    if (values.size) next.filters[key] = [...values];
    else delete next.filters[key];
    navigate(next, { focus: "keep" });
  } else if (input.dataset.flag) {
    const next = withState(state, { page: 1 });
    if (input.value) next.filters[input.dataset.flag] = [input.value];
    else delete next.filters[input.dataset.flag];
    navigate(next, { focus: "keep" });
  }
});

function clearFacet(key) {
  const next = withState(state, { page: 1 });
  delete next.filters[key];
  navigate(next, { focus: `facet-${key}-legend` });
}

elements.filtersBody.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.more) {
    const key = button.dataset.more;
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    renderFilters(elements.filtersBody, state, lastFacets, expanded);
    $(`more-${key}`)?.focus();
  } else if (button.dataset.clear) {
    clearFacet(button.dataset.clear);
  }
});

elements.chosen.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.dataset.clearAll) {
    navigate(withState(state, { filters: {}, search: "", page: 1 }), { focus: "results" });
    return;
  }
  const key = button.dataset.removeKey;
  if (!key) return;
  const next = withState(state, { page: 1 });
  if (key === "search") {
    next.search = "";
  } else {
    const values = (next.filters[key] || []).filter((value) => value !== button.dataset.removeValue);
    if (values.length) next.filters[key] = values;
    else delete next.filters[key];
  }
  navigate(next, { focus: "results" });
});

// On a narrow screen the filters fold away behind a button.
elements.filtersToggle.addEventListener("click", () => {
  const open = !elements.filtersBody.classList.contains("is-open");
  elements.filtersBody.classList.toggle("is-open", open);
  elements.filtersToggle.setAttribute("aria-expanded", String(open));
  drawControls(state);
});

// On a narrow screen, "Show N results" in the open filter panel leads from
// the last ticked filter straight to the results.
elements.showResults.addEventListener("click", () => {
  elements.resultsHeading.focus({ preventScroll: true });
  elements.resultsHeading.scrollIntoView({ block: "start" });
});

// Which cycles are current, for "include past cycles" (from the overview).
loadOverview(false).then((data) => {
  currentCycles = new Set(
    data.reportingCycles.filter((cycle) => cycle.isCurrent).map((cycle) => cycle.code),
  );
}, () => {});

setUpCopyLink(elements.copyLink, elements.copyLinkField, elements.copyLinkMessage);
draw(state);

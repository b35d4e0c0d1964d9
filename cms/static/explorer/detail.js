// The detail views: one recommendation with its actions, indicators and
// progress reports; one action with the recommendations it responds to.

import { h, replace, richText, safeHref } from "./dom.js";
import {
  FOLLOW_UP_GRADES, SMART_NAMES, count, date, dateTime, excerpt, fileSize, label, number, reportingInterval,
} from "./format.js";
import {
  badge, facts, joined, overdueMarkers, recommendationHeading, responseBadge, smartLetters, stateLink,
  statusBadge,
} from "./parts.js";
import { measure, measurePlaceholder } from "./measures.js";
import { freshState, listState, withState } from "./state.js";

function taxonomyLinks(values, key, state, { code = "code", view = "recommendations" } = {}) {
  return joined(
    values.map((value) =>
      stateLink(freshState(view, { filters: { [key]: [String(value[code])] }, past: state.past }), value.name),
    ),
  );
}

function indicatorTable(indicators, action) {
  return h(
    "div",
    // Focusable, so that keyboard users can scroll it sideways on a phone.
    { class: "table-wrap", role: "region", "aria-label": `Indicators of ${action.reference}`, tabindex: "0" },
    h(
      "table",
      { class: "indicators" },
      h("caption", { class: "visually-hidden", text: `Indicators of ${action.reference}` }),
      h(
        "thead",
        {},
        h("tr", {}, ["Indicator", "Kind", "Reports", "Period", "Responsible", "SMART"].map((text) => h("th", { scope: "col", text }))),
      ),
      h(
        "tbody",
        {},
        indicators.map((indicator) =>
          h(
            "tr",
            {},
            h(
              "th",
              { scope: "row" },
              h("span", { class: "indicators__ref", text: indicator.reference }),
              " ",
              indicator.title,
              indicator.description ? h("span", { class: "indicators__description", text: indicator.description }) : null,
            ),
            h("td", { text: label(indicator.kind) }),
            h("td", { text: reportingInterval(indicator.reportEveryMonths) }),
            h(
              "td",
              { text: [indicator.startDate, indicator.endDate].some(Boolean)
                ? `${date(indicator.startDate) || "…"} – ${date(indicator.endDate) || "…"}`
                : "" },
            ),
            h("td", { text: indicator.responsibleAgency?.name || "" }),
            h("td", {}, smartLetters(indicator.smart)),
          ),
        ),
      ),
    ),
  );
}

function progressReports(reports, level) {
  return h(
    "ol",
    { class: "reports" },
    reports.map((report) =>
      h(
        "li",
        { class: "report" },
        h(`h${level}`, { class: "report__title", text: report.title }),
        h(
          "p",
          { class: "report__meta" },
          report.firstPublishedAt ? `Published ${dateTime(report.firstPublishedAt)}` : "",
          report.dueDate ? ` · report due ${date(report.dueDate)}` : "",
          report.indicator ? ` · on ${report.indicator.reference}` : "",
          report.measuredValue !== null && report.measuredValue !== undefined && report.indicator?.unit
            ? ` · measured ${measure(report.measuredValue, report.indicator.unit)}`
            : "",
          report.proposedStatus ? [" · ", statusBadge(report.proposedStatus)] : "",
        ),
        h("div", { class: "report__body" }, richText(report.body)),
        report.document
          ? h(
            "p",
            { class: "report__document" },
            h("a", { href: report.document.url }, report.document.title),
            report.document.fileSize ? ` (${fileSize(report.document.fileSize)})` : "",
          )
          : null,
      ),
    ),
  );
}

/** What is late about the action, with its dates (nothing when on time). */
function overdueNote(action) {
  const markers = overdueMarkers(action, { long: true });
  return markers.length ? h("p", { class: "item__badges overdue-note" }, markers.flatMap((marker, index) => (index ? [" ", marker] : [marker]))) : null;
}

/**
 * The lead agency's SMART assessment: every letter with its name (the legend),
 * met or not in words, and the reason; then when it was assessed.
 */
function smartAssessment(action, level) {
  const letters = action.smartAssessment || [];
  return h(
    "section",
    { class: "smart-assessment", "aria-labelledby": `smart-${action.id}` },
    h(`h${level}`, { id: `smart-${action.id}`, text: "SMART assessment" }),
    h(
      "p",
      { class: "smart-assessment__legend" },
      Object.entries(SMART_NAMES).map(([letter, name]) => `${letter} = ${name}`).join(" · "),
    ),
    h(
      "div",
      { class: "table-wrap", role: "region", "aria-label": `SMART assessment of ${action.reference}`, tabindex: "0" },
      h(
        "table",
        { class: "smart-assessment__table" },
        h("caption", { class: "visually-hidden", text: `SMART assessment of ${action.reference}` }),
        h("thead", {}, h("tr", {}, ["Letter", "Criterion", "Met", "Reason"].map((text) => h("th", { scope: "col", text })))),
        h(
          "tbody",
          {},
          letters.map((entry) =>
            h(
              "tr",
              { class: entry.met ? "smart-assessment__row smart-assessment__row--met" : "smart-assessment__row" },
              h("th", { scope: "row" }, h("span", { class: entry.met ? "smart__letter smart__letter--met" : "smart__letter", text: entry.letter })),
              h("td", { text: SMART_NAMES[entry.letter] || entry.letter }),
              h("td", { text: entry.met ? "Met" : "Not met" }),
              h("td", { text: entry.reason || "—" }),
            ),
          ),
        ),
      ),
    ),
    h(
      "p",
      { class: "smart-assessment__when" },
      action.smartAssessedAt
        ? `Assessed by the lead agency on ${dateTime(action.smartAssessedAt)}.`
        : "Date of assessment not recorded.",
    ),
  );
}

/** One action in full: facts, SMART assessment, indicators and progress reports. */
function actionBody(action, state, level) {
  return [
    h("p", { class: "item__badges" }, statusBadge(action.progressStatus), " ", smartLetters(action.smart)),
    action.description ? h("p", { class: "detail__text", text: action.description }) : null,
    overdueNote(action),
    facts([
      ["Desired outcome", action.desiredOutcome],
      ["Lead agency", action.leadAgency?.name || ""],
      ["Also responsible", action.responsibleAgencies.map((agency) => agency.name).join(", ")],
      ["Target date", action.targetDate ? [date(action.targetDate), action.targetDateComment ? ` — ${action.targetDateComment}` : ""] : action.targetDateComment],
      ["Human-rights issues", taxonomyLinks(action.issues, "issues", state, { code: "slug", view: "actions" })],
      ["Affected groups", taxonomyLinks(action.affectedGroups, "affectedGroups", state, { code: "slug", view: "actions" })],
      ["Cabinet reference", action.cabinetReference],
      ["Already on a work programme", action.preExisting ? "Yes" : ""],
      ["Last published", action.lastPublishedAt ? dateTime(action.lastPublishedAt) : ""],
    ]),
    smartAssessment(action, level),
    h(`h${level}`, { text: `Indicators (${number(action.indicators.length)})` }),
    action.indicators.length ? indicatorTable(action.indicators, action) : h("p", { class: "placeholder", text: "No published indicator yet." }),
    // Measured indicators only: their values as a chart and a table.
    action.indicators.filter((indicator) => indicator.unit).map((indicator) => measurePlaceholder(indicator, level + 1)),
    h(`h${level}`, { text: `Progress reports (${number(action.progressReports.length)})` }),
    action.progressReports.length
      ? progressReports(action.progressReports, level + 1)
      : h("p", { class: "placeholder", text: "No published progress report yet." }),
  ];
}

/** The recommendation's source: a link only when its URL is safe to follow. */
function sourceLink(url) {
  if (!url) return "";
  const href = safeHref(url);
  return href ? h("a", { href }, url) : url;
}

function backLink(state) {
  return h("p", { class: "back" }, stateLink(listState(state), "← Back to the list", { id: "back-to-list" }));
}

/** Cabinet's published decision on the cycle, with its released documents. */
function cabinetDecision(decision) {
  if (!decision) return "";
  return [
    `Decided ${date(decision.decidedOn)}, minute ${decision.minuteReference}`,
    decision.summary ? ` — ${decision.summary}` : "",
    decision.documents.length
      ? h(
        "ul",
        { class: "detail__documents" },
        decision.documents.map((document) =>
          h(
            "li",
            {},
            h("a", { href: document.url }, document.title),
            document.fileSize ? ` (${fileSize(document.fileSize)})` : "",
          )),
      )
      : "",
  ];
}

export function renderRecommendationDetail(container, recommendation, state) {
  if (!recommendation) {
    replace(container, backLink(state), h("h2", { id: "detail-heading", tabindex: "-1", text: "Recommendation not found" }),
      h("p", { text: "It may have been withdrawn, or the link may be wrong." }));
    return;
  }
  const cycle = recommendation.cycle;
  const actions = recommendation.actions;
  replace(
    container,
    backLink(state),
    h(
      "article",
      { "aria-labelledby": "detail-heading" },
      h("p", { class: "item__kicker", text: `${cycle.body.name} · ${cycle.name}` }),
      h("h2", { id: "detail-heading", tabindex: "-1", text: recommendationHeading(recommendation) }),
      h(
        "p",
        { class: "item__badges" },
        responseBadge(recommendation.uprResponse),
        recommendation.followUp ? [" ", badge("One-year follow-up", "follow-up")] : null,
        recommendation.prioritised ? [" ", badge("Cabinet priority", "priority")] : null,
      ),
      h("blockquote", { class: "detail__quote" }, h("p", { text: recommendation.text })),
      facts([
        ["Reporting cycle", [stateLink(freshState("recommendations", { filters: { cycles: [cycle.code] }, past: state.past || !cycle.isCurrent }), cycle.name), cycle.receivedOn ? ` — received ${date(cycle.receivedOn)}` : ""]],
        ["Reference", recommendation.reference],
        ["Document", [recommendation.documentSymbol || cycle.documentSymbol || "", recommendation.paragraph ? `, paragraph ${recommendation.paragraph}` : ""]],
        ["Source", sourceLink(recommendation.sourceUrl)],
        ["Government response", recommendation.uprResponse ? [label(recommendation.uprResponse), recommendation.responseComment ? ` — ${recommendation.responseComment}` : ""] : recommendation.responseComment],
        ["Cabinet decision", cabinetDecision(cycle.cabinetDecision)],
        ["Follow-up", recommendation.followUp ? [cycle.followUpDueOn ? `One-year update due ${date(cycle.followUpDueOn)}` : "One-year update requested", recommendation.followUpGrade ? `; committee assessment ${FOLLOW_UP_GRADES[recommendation.followUpGrade]}` : ""] : ""],
        ["Recommended by", taxonomyLinks(recommendation.recommendingStates, "recommendingStates", state)],
        ["Human-rights issues", taxonomyLinks(recommendation.issues, "issues", state, { code: "slug" })],
        ["Affected groups", taxonomyLinks(recommendation.affectedGroups, "affectedGroups", state, { code: "slug" })],
        ["Sustainable Development Goals", taxonomyLinks(recommendation.sdgs, "sdgs", state, { code: "number" })],
        ["Responsible agencies", taxonomyLinks(recommendation.responsibleAgencies, "agencies", state)],
      ]),
      h(
        "section",
        { class: "detail__section", "aria-labelledby": "detail-actions-heading" },
        h("h3", { id: "detail-actions-heading", text: `What the government is doing (${count(actions.length, "action")})` }),
        actions.length
          ? h(
            "ol",
            { class: "detail__actions" },
            actions.map((action) =>
              h(
                "li",
                { class: "detail__action" },
                h("h4", {}, stateLink(withState(freshState("actions", { past: state.past }), { action: action.reference }), `${action.reference} — ${action.title}`)),
                actionBody(action, state, 5),
              ),
            ),
          )
          : [
            h("p", { class: "placeholder", text: "No published action responds to this recommendation yet." }),
            recommendation.noActionReason ? h("p", {}, h("strong", { text: "Why no action is proposed: " }), recommendation.noActionReason) : null,
          ],
      ),
      relatedSection(recommendation.relatedRecommendations, state),
    ),
  );
}

// Recommendations of other bodies or cycles the lead agency recorded as asking
// for the same thing (published on both sides only: the API sees to it).
function relatedSection(related, state) {
  if (!related || !related.length) return null;
  return h(
    "section",
    { class: "detail__section", "aria-labelledby": "detail-related-heading" },
    h("h3", { id: "detail-related-heading", text: `Related recommendations of other bodies and cycles (${related.length})` }),
    h(
      "ul",
      { class: "detail__recommendations", "data-related-recommendations": "" },
      related.map((recommendation) =>
        h(
          "li",
          {},
          stateLink(
            withState(
              freshState("recommendations", { past: state.past || !recommendation.cycle.isCurrent }),
              { recommendation: recommendation.naturalKey },
            ),
            `${recommendation.cycle.body.name}, ${recommendation.cycle.name}: ${recommendationHeading(recommendation)}`,
          ),
          [" ", responseBadge(recommendation.uprResponse)],
          h("p", { class: "item__text", text: excerpt(recommendation.text, 240) }),
        ),
      ),
    ),
  );
}

export function renderActionDetail(container, action, state) {
  if (!action) {
    replace(container, backLink(state), h("h2", { id: "detail-heading", tabindex: "-1", text: "Action not found" }),
      h("p", { text: "It may have been withdrawn, or the link may be wrong." }));
    return;
  }
  replace(
    container,
    backLink(state),
    h(
      "article",
      { "aria-labelledby": "detail-heading" },
      h("p", { class: "item__kicker", text: action.leadAgency ? `Government action led by ${action.leadAgency.name}` : "Government action" }),
      h("h2", { id: "detail-heading", tabindex: "-1", text: `${action.reference} — ${action.title}` }),
      actionBody(action, state, 3),
      h(
        "section",
        { class: "detail__section", "aria-labelledby": "detail-recommendations-heading" },
        h("h3", { id: "detail-recommendations-heading", text: `Recommendations it responds to (${number(action.recommendationCount)})` }),
        h(
          "ul",
          { class: "detail__recommendations" },
          action.recommendations.map((recommendation) =>
            h(
              "li",
              {},
              stateLink(
                withState(
                  freshState("recommendations", { past: state.past || !recommendation.cycle.isCurrent }),
                  { recommendation: recommendation.naturalKey },
                ),
                `${recommendation.cycle.name}, ${recommendation.title ? `${recommendation.reference} — ${recommendation.title}` : recommendation.reference}`,
              ),
              [" ", responseBadge(recommendation.uprResponse)],
              h("p", { class: "item__text", text: excerpt(recommendation.text, 240) }),
            ),
          ),
        ),
      ),
    ),
  );
}

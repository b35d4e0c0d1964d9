// The GraphQL documents the explorer sends. They are the examples partners
// copy: the page shows the one behind each list ("The query behind this list").

const FACET = "code name shortName count";

export const RECOMMENDATION_LIST = `
query RecommendationList($filter: RecommendationFilter, $search: String,
                         $order: RecommendationOrder, $offset: Int!, $limit: Int!) {
  recommendations(filter: $filter, search: $search, order: $order,
                  offset: $offset, limit: $limit) {
    totalCount
    items {
      id reference naturalKey title text uprResponse followUp prioritised
      cycle { code name isCurrent }
      recommendingStates { code name }
      responsibleAgencies { code name }
      actions { reference title progressStatus overdue }
    }
    facets {
      bodies { ${FACET} }
      cycles { ${FACET} }
      actionStatuses { ${FACET} }
      uprResponses { ${FACET} }
      issues { ${FACET} }
      affectedGroups { ${FACET} }
      agencies { ${FACET} }
      recommendingStates { ${FACET} }
      sdgs { ${FACET} }
    }
  }
}`;

export const ACTION_LIST = `
query ActionList($filter: ActionFilter, $search: String, $order: ActionOrder,
                 $offset: Int!, $limit: Int!) {
  actions(filter: $filter, search: $search, order: $order,
          offset: $offset, limit: $limit) {
    totalCount
    items {
      id reference title description progressStatus smart targetDate
      pastTargetDate overdueReports overdue
      recommendationCount
      leadAgency { code name }
      recommendations(limit: 3) { naturalKey reference cycle { code } }
    }
    facets {
      progressStatuses { ${FACET} }
      bodies { ${FACET} }
      cycles { ${FACET} }
      smart(includeEmpty: true) { ${FACET} }
      issues { ${FACET} }
      affectedGroups { ${FACET} }
      agencies { ${FACET} }
    }
  }
}`;

// Actions per cycle and status: one facet count per status (the cycles facet
// ignores the cycles filter, so each alias gives a whole row of the table).
export const OVERVIEW = `
query Overview($currentOnly: Boolean!, $inPreparation: ActionFilter,
               $inProgress: ActionFilter, $completed: ActionFilter,
               $all: RecommendationFilter, $withActions: RecommendationFilter) {
  reportingCycles(currentOnly: $currentOnly) {
    code name isCurrent receivedOn body { code name }
  }
  inPreparation: actions(filter: $inPreparation, limit: 0) {
    facets { cycles { code count } }
  }
  inProgress: actions(filter: $inProgress, limit: 0) {
    facets { cycles { code count } }
  }
  completed: actions(filter: $completed, limit: 0) {
    facets { cycles { code count } }
  }
  recommendations(filter: $all, limit: 0) {
    facets { cycles { code count } }
  }
  withActions: recommendations(filter: $withActions, limit: 0) {
    facets { cycles { code count } }
  }
}`;

// Nested lists have small default sizes (the API's work budget multiplies
// them); an item's own page asks for more.
const ACTION_DETAIL_FIELDS = `
  id reference title description desiredOutcome progressStatus smart
  smartAssessment { letter met reason } smartAssessedAt
  targetDate targetDateComment cabinetReference preExisting
  pastTargetDate overdueReports reportOverdueSince overdue
  firstPublishedAt lastPublishedAt
  leadAgency { code name }
  responsibleAgencies { code name }
  issues { slug name }
  affectedGroups { slug name }
  indicators(limit: 50) {
    reference title description kind startDate endDate reportEveryMonths smart unit
    responsibleAgency { code name }
  }
  progressReports(limit: 50) {
    id title body firstPublishedAt proposedStatus dueDate measuredValue
    indicator { reference title unit }
    document { title url fileSize }
  }`;

export const RECOMMENDATION_DETAIL = `
query RecommendationDetail($cycle: String, $reference: String) {
  recommendation(cycle: $cycle, reference: $reference) {
    id reference naturalKey title text
    cycle { code name isCurrent receivedOn documentSymbol followUpDueOn
            body { code name kind }
            cabinetDecision { decidedOn minuteReference summary
                              documents { title url fileSize } } }
    recommendingStates { code name }
    issues { slug name }
    affectedGroups { slug name }
    sdgs { number name }
    responsibleAgencies { code name }
    prioritised uprResponse responseComment followUp followUpGrade
    noActionReason documentSymbol paragraph sourceUrl
    firstPublishedAt lastPublishedAt
    actions { ${ACTION_DETAIL_FIELDS} }
    relatedRecommendations {
      naturalKey reference title text uprResponse
      cycle { code name isCurrent body { name } }
    }
  }
}`;

export const ACTION_DETAIL = `
query ActionDetail($reference: String) {
  action(reference: $reference) {
    ${ACTION_DETAIL_FIELDS}
    recommendationCount
    recommendations(limit: 100) {
      naturalKey reference title text uprResponse
      cycle { code name isCurrent }
    }
  }
}`;

// The series of one measured indicator, asked for once its action is drawn
// (nested in the detail queries, a series per indicator would take the
// API's work budget).
export const INDICATOR_SERIES = `
query IndicatorSeries($reference: String) {
  indicator(reference: $reference) {
    reference title unit
    baseline { date value }
    target { date value }
    values { date value }
  }
}`;

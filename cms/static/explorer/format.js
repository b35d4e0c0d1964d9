// Labels and formatting for what the API returns.

const LOCALE = "en-NZ";
const TIME_ZONE = "Pacific/Auckland";

export const PROGRESS_STATUSES = ["IN_PREPARATION", "IN_PROGRESS", "COMPLETED"];

export const LABELS = {
  IN_PREPARATION: "In preparation",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  SUPPORTED: "Supported",
  SUPPORTED_IN_PART: "Supported in part",
  NOTED: "Noted",
  PROCESS_STEP: "Process step",
  KEY_DELIVERABLE: "Key deliverable",
  PROGRESS_INDICATOR: "Progress indicator",
};

export const SMART_NAMES = {
  S: "Specific",
  M: "Measurable",
  A: "Assignable",
  R: "Relevant",
  T: "Time-bound",
};

export const FOLLOW_UP_GRADES = {
  A: "A — satisfactory",
  B: "B — partially satisfactory",
  C: "C — not satisfactory",
  D: "D — no reply",
  E: "E — contrary measures",
};

export function label(code) {
  return LABELS[code] || code;
}

const numberFormat = new Intl.NumberFormat(LOCALE);

export function number(value) {
  return numberFormat.format(value);
}

/** "1 recommendation", "12 recommendations". */
export function count(value, singular, plural = `${singular}s`) {
  return `${number(value)} ${value === 1 ? singular : plural}`;
}

// New Zealand government style: "6 Dec 2026" (three-letter months, "Sep"
// not "Sept", whatever the browser's own English data says).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const nzParts = new Intl.DateTimeFormat("en-CA", {
  day: "numeric",
  month: "numeric",
  year: "numeric",
  timeZone: TIME_ZONE,
});

function nzDate(year, month, day) {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** An ISO date (2026-12-06) as "6 Dec 2026", without time-zone shifts. */
export function date(value) {
  if (!value) return "";
  const [year, month, day] = value.split("-").map(Number);
  return nzDate(year, month, day);
}

/** An ISO date-time as the date it was in New Zealand ("6 Dec 2026"). */
export function dateTime(value) {
  if (!value) return "";
  const parts = Object.fromEntries(
    nzParts.formatToParts(new Date(value)).map((part) => [part.type, part.value]),
  );
  return nzDate(Number(parts.year), Number(parts.month), Number(parts.day));
}

export function reportingInterval(months) {
  if (!months) return "One-off";
  if (months === 12) return "Every year";
  if (months === 1) return "Every month";
  return `Every ${months} months`;
}

export function fileSize(bytes) {
  if (!bytes) return "";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first `limit` characters of `text`, cut at a word. */
export function excerpt(text, limit = 280) {
  if (!text || text.length <= limit) return text || "";
  const cut = text.slice(0, limit);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : limit)}…`;
}

// The UPR response's word count, live while a comment is typed
// (cms/admin/un_reports.py ResponseWordCountPanel): the other comments'
// words (data-other-words) plus this field's, against data-limit.
(function () {
  "use strict";
  var format = new Intl.NumberFormat("en-NZ");

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function bind(panel) {
    var form = panel.closest("form") || document;
    var field = form.querySelector('[name="' + panel.dataset.field + '"]');
    if (!field) return;
    var other = Number(panel.dataset.otherWords);
    var limit = Number(panel.dataset.limit);
    var total = panel.querySelector("[data-word-total]");
    var over = panel.querySelector("[data-word-over]");
    var overCount = panel.querySelector("[data-word-over-count]");
    function update() {
      var count = other + words(field.value);
      total.textContent = format.format(count);
      over.hidden = count <= limit;
      overCount.textContent = format.format(Math.max(0, count - limit));
      panel.classList.toggle("response-word-count--over", count > limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function init() {
    document.querySelectorAll("[data-word-count]").forEach(bind);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

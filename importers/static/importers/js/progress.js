// Follows a running import: polls its progress and reloads the page when done.
(function () {
  const box = document.querySelector("[data-import-progress]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const status = box.querySelector("[data-import-status]");
  const phase = box.querySelector("[data-import-phase]");
  const poll = () => {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        bar.value = data.progress;
        bar.textContent = `${data.progress}%`;
        status.textContent = data.status_label;
        phase.textContent = data.phase;
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(() => window.setTimeout(poll, 3000));
  };
  window.setTimeout(poll, 1000);
})();

// Follow a build on demand: update the progress, and show the copy once it is made.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".building[data-status]");
  if (!box) return;
  const text = box.querySelector(".status-text");
  const bar = box.querySelector("progress");
  const poll = async () => {
    try {
      const answer = await fetch(box.dataset.status, { credentials: "same-origin" });
      if (answer.ok) {
        const status = await answer.json();
        text.textContent = status.message;
        bar.max = status.total;
        bar.value = status.done;
        if (status.finished) { window.location.reload(); return; }
      }
    } catch (error) { /* the server restarted: try again */ }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
});

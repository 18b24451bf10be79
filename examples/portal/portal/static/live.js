// Live status without a reload: a page that shows invoice requests polls the
// portal's own database (/live/status) once a second and updates the cells
// marked data-live in the row or list of each changed request.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-seq]");
  if (!root) return;
  let seq = Number(root.dataset.liveSeq) || 0;
  const url = root.dataset.liveUrl;

  function apply(change) {
    document.querySelectorAll('[data-request-id="' + CSS.escape(change.id) + '"]').forEach(function (holder) {
      holder.querySelectorAll("[data-live]").forEach(function (cell) {
        const value = change[cell.dataset.live];
        cell.textContent = value == null ? "" : value;
      });
    });
  }

  async function poll() {
    try {
      const response = await fetch(url + "?after=" + seq, {credentials: "same-origin", cache: "no-store"});
      if (response.ok) {
        const body = await response.json();
        body.requests.forEach(apply);
        seq = body.seq;
      }
    } catch (e) {
      // the portal restarting: try again on the next tick
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();

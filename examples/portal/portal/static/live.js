// Live status without a reload: a page that shows invoice requests polls the
// portal's own database (/live/status) once a second and, inside the element
// of each changed request (data-request-id), sets the text of data-live
// cells, the items of data-live-list lists, and shows or hides data-live-show
// parts (the download link, the cancel button, the title change form) as the
// new status allows. Inputs being typed into are left alone.
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
      holder.querySelectorAll("[data-live-show]").forEach(function (part) {
        part.hidden = !change[part.dataset.liveShow];
      });
      holder.querySelectorAll("[data-live-list]").forEach(function (list) {
        const items = (change[list.dataset.liveList] || []).map(function (text) {
          const item = document.createElement("li");
          item.textContent = text;
          return item;
        });
        list.replaceChildren.apply(list, items);
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

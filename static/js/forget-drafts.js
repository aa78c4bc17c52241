// A submitted screening's page: the tab's copy of its drafts' unsaved answers (kept by
// screening-autosave.js) is no longer needed. Which drafts: data-screenings on this script tag.
(function () {
  "use strict";
  var script = document.currentScript;
  var ids = ((script && script.dataset.screenings) || "").split(" ");
  ids.forEach(function (id) {
    if (!id) return;
    try { sessionStorage.removeItem("screening-draft-" + id); } catch (e) { /* storage disabled */ }
  });
})();

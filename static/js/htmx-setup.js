// What every htmx request of the app shares. Our views answer an htmx request with a fragment, and
// base.html's htmx-config swaps their 400, 401 and 409 answers like a 200. Two answers carry no
// fragment of ours: a 403 (the CSRF check, once the session's cookies went) and no answer at all
// (no connection, a server error). For those, the request's target says so itself, from the
// <template>s of base.html; nothing the person entered in the form is lost.
(function () {
  "use strict";

  function show(templateId, target) {
    var template = document.getElementById(templateId);
    if (!template || !target || !target.isConnected) return;
    var old = target.querySelector(":scope > .htmx-notice");
    if (old) old.remove();
    target.insertAdjacentElement("afterbegin", template.content.firstElementChild.cloneNode(true));
  }

  // A notice from an earlier attempt goes when the next answer is swapped in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !event.detail.shouldSwap) return;
    target.querySelectorAll(":scope > .htmx-notice").forEach(function (notice) { notice.remove(); });
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    show(status === 401 || status === 403 ? "tpl-session-ended" : "tpl-request-failed", event.detail.target);
  });
  document.addEventListener("htmx:sendError", function (event) {
    show("tpl-request-failed", event.detail.target);
  });
  document.addEventListener("htmx:timeout", function (event) {
    show("tpl-request-failed", event.detail.target);
  });
})();

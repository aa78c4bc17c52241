// The idle timeout, seen from the browser. The server ends a session after
// SESSION_IDLE_TIMEOUT_MINUTES without a request; a minute before, this warns and offers to stay
// signed in. At the end it goes to the login page: whatever was typed in a screening stays in this
// tab's sessionStorage (screening-autosave.js) and comes back after logging in again.
// Logging out on purpose clears those drafts from the tab (a shared computer keeps nothing).
(function () {
  "use strict";
  var body = document.body;
  var DRAFT_PREFIX = "screening-draft-";

  function clearDrafts() {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(DRAFT_PREFIX) === 0) sessionStorage.removeItem(key);
      }
    } catch (e) { /* storage disabled: nothing kept */ }
  }

  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", clearDrafts);
  });

  var idle = parseInt(body.dataset.idleSeconds || "0", 10);
  var warning = document.getElementById("idle-warning");
  if (!idle || !warning) return;
  var stay = warning.querySelector("[data-stay]");
  var warnAfter = Math.max(idle - 60, Math.floor(idle * 0.5)) * 1000;
  var warnTimer = null, endTimer = null;

  function hide() { warning.hidden = true; }
  function warn() {
    warning.hidden = false;
    if (stay) stay.focus();
  }
  function end() {
    document.dispatchEvent(new CustomEvent("session:ending"));
    var next = window.location.pathname + window.location.search;
    window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(next) + "&idle=1");
  }
  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    hide();
    warnTimer = setTimeout(warn, warnAfter);
    endTimer = setTimeout(end, idle * 1000);
  }

  if (stay) {
    stay.addEventListener("click", function () {
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",  // an ended session answers with a redirect to the login page
        headers: {"X-CSRFToken": token ? token.value : (body.dataset.csrfToken || "")},
      }).then(function (response) {
        if (response.ok) schedule(); else end();
      }, function () { /* offline: keep the warning; the end comes as planned */ });
    });
  }
  // Every request the page makes (the autosave, a checklist update) moves the end on too.
  body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

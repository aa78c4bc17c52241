// The autosave's safety net. htmx saves the draft (see form.html: hx-post on #screening-answers,
// one save at a time); this keeps what htmx cannot: every change is kept in this tab's
// sessionStorage until the server has it (a slow network, an expired session or a reload restores
// it), a conflict stops the autosave until the person chooses, and "Save draft" or "Submit"
// clicked while a save is on its way waits for it (posted with the version from before it, the
// form would be refused as a conflict with this tab's own save).
(function () {
  "use strict";
  var form = document.getElementById("screening-form");
  var answers = document.getElementById("screening-answers");
  if (!form || !answers || !answers.hasAttribute("hx-post")) return;
  var statusEl = document.getElementById("autosave-status");
  var slot = document.getElementById("conflict-slot");
  var key = "screening-draft-" + form.dataset.screening;
  var inFlight = false;  // an autosave is on its way
  var blocked = false;  // a conflict, an expired session or a submitted screening: no autosave
  var dirty = false;  // changes the server may not have
  var loggingIn = false;  // following "Log in again": the answers stay in sessionStorage
  var leaving = false;  // the form is being posted: no autosave any more
  var submitAfterSave = null;  // "Save draft" or "Submit" clicked while an autosave was on its way
  var sent = null;  // the fields the autosave on its way carries
  var retry = null;

  function versionInput() { return form.querySelector("input[name=version]"); }

  function say(text) { statusEl.textContent = text; }

  function sayTemplate(id) {
    var template = document.getElementById(id);
    statusEl.replaceChildren(template.content.cloneNode(true));
  }

  function fields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version") out.push([name, value]);
    });
    return out;
  }

  function remember() {
    dirty = true;
    try {
      sessionStorage.setItem(key, JSON.stringify({base: versionInput().value, fields: fields()}));
    } catch (e) { /* storage full or disabled: the server save still runs */ }
  }

  function forget() {
    dirty = false;
    try { sessionStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  function restore() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.fields) return false;
    form.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
    form.querySelectorAll("textarea").forEach(function (t) { t.value = ""; });
    saved.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      var radio = Array.prototype.find.call(form.querySelectorAll("input[type=radio]"), function (r) {
        return r.name === name && r.value === value;
      });
      if (radio) { radio.checked = true; return; }
      var text = form.querySelector("textarea[name=\"" + CSS.escape(name) + "\"]");
      if (text) {
        text.value = value;
        var note = text.closest(".note-field");
        if (value && note) note.hidden = false;
      }
    });
    // The counts of answers and the notes' buttons follow (screening-progress.js).
    form.dispatchEvent(new CustomEvent("screening:restored"));
    // Keep the version these answers were based on, so a save made elsewhere meanwhile is shown.
    versionInput().value = saved.base;
    dirty = true;
    return true;
  }

  function saveNow() {
    clearTimeout(retry);
    htmx.trigger(answers, "autosave");
  }

  form.addEventListener("change", remember);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") remember();
  });

  answers.addEventListener("htmx:beforeRequest", function (event) {
    if (event.target !== answers) return;
    if (blocked || leaving || submitAfterSave) { event.preventDefault(); return; }
    clearTimeout(retry);
    inFlight = true;
    sent = JSON.stringify(fields());
    say(answers.dataset.saving);
  });

  // What the server said happened (HX-Trigger), before its fragment is swapped in.
  answers.addEventListener("autosave-conflict", function () { blocked = true; remember(); });
  answers.addEventListener("autosave-submitted", function () { blocked = true; forget(); });

  answers.addEventListener("htmx:afterRequest", function (event) {
    if (event.target !== answers) return;
    inFlight = false;
    var status = event.detail.xhr.status;
    if (status === 200) {
      // Changed while the save was on its way: kept, and saved next (the change queued a save).
      if (JSON.stringify(fields()) === sent) { forget(); } else { remember(); }
    } else if (status === 401 || status === 403) {
      blocked = true;
      if (status === 403) sayTemplate("tpl-autosave-session-ended");
    } else if (status === 409 && slot.firstElementChild) {
      // The conflict: scrolled to, and read first.
      slot.focus();
      slot.scrollIntoView({block: "start"});
    } else if (status === 0 || status >= 500) {
      sayTemplate("tpl-autosave-offline");
      retry = setTimeout(saveNow, 10000);
    }
    if (submitAfterSave) {
      // Post the form now, with the version this tab's own autosave just got (unless that save
      // found a conflict or an expired session: its message says what to do).
      var submitter = submitAfterSave;
      submitAfterSave = null;
      if (!blocked) { form.requestSubmit(submitter); }
    }
  });
  // Shown by this script (above), not by the generic notice of htmx-setup.js.
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    answers.addEventListener(name, function (event) { event.stopPropagation(); });
  });
  window.addEventListener("online", function () { if (dirty && !blocked && !inFlight) saveNow(); });

  // The conflict's choices (screening/_autosave_conflict.html).
  slot.addEventListener("click", function (event) {
    var keep = event.target.closest("[data-autosave-keep]");
    if (keep) {
      versionInput().value = keep.dataset.version;
      blocked = false;
      slot.replaceChildren();
      remember();
      saveNow();
    } else if (event.target.closest("[data-autosave-reload]")) {
      forget();
      window.location.reload();
    }
  });
  statusEl.addEventListener("click", function (event) {
    if (event.target.closest("[data-login-again]")) loggingIn = true;
  });

  // A plain "Save draft" or "Submit" posts the form; the copy stays until the next page confirms it.
  form.addEventListener("submit", function (event) {
    if (inFlight) {
      event.preventDefault();
      submitAfterSave = event.submitter || form.querySelector("[type=submit]");
      say(answers.dataset.saving);
      return;
    }
    leaving = true;
    clearTimeout(retry);
  });
  // The idle timeout is ending the session (session.js): the answers stay in sessionStorage.
  document.addEventListener("session:ending", function () { loggingIn = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && blocked && !loggingIn) { event.preventDefault(); event.returnValue = ""; }
  });
  // Back from the page the form was posted to (the browser's cache): autosave again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) leaving = false; });

  if (form.dataset.keepForm) {
    // The server just showed a conflict with this person's answers in the form: keep them.
    remember();
  } else if (restore()) {
    say(answers.dataset.restoring);
    // htmx sets the page up when the document is parsed (this script runs before, deferred).
    document.addEventListener("DOMContentLoaded", saveNow);
  }
})();

// Autosave of a screening draft. Nothing is lost: every change is kept in this tab's
// sessionStorage until the server has it (a slow network, an expired session or a reload
// restores it), and a save based on an older copy is refused by the server and shown.
(function () {
  "use strict";
  var form = document.getElementById("screening-form");
  if (!form) return;
  var statusEl = document.getElementById("autosave-status");
  var slot = document.getElementById("conflict-slot");
  var versionInput = form.querySelector("input[name=version]");
  var key = "screening-draft-" + form.dataset.screening;
  var timer = null, inFlight = false, pending = false, blocked = false, dirty = false;
  var loggingIn = false;  // following "Log in again": the answers stay in sessionStorage
  var submitAfterSave = null;  // "Save draft" or "Submit" clicked while an autosave was on its way

  function say(html) { statusEl.innerHTML = html; }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
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
      sessionStorage.setItem(key, JSON.stringify({base: versionInput.value, fields: fields()}));
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
      var radio = form.querySelector('input[type=radio][name="' + name + '"][value="' + value + '"]');
      if (radio) { radio.checked = true; return; }
      var text = form.querySelector('textarea[name="' + name + '"]');
      if (text) { text.value = value; if (value) text.closest("details").open = true; }
    });
    // Keep the version these answers were based on, so a save made elsewhere meanwhile is shown.
    versionInput.value = saved.base;
    dirty = true;
    return true;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function save() {
    if (blocked) return;
    if (inFlight) { pending = true; return; }
    inFlight = true;
    say(gettext("Saving…"));
    var sent = JSON.stringify(fields());
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual",
      headers: {"X-Autosave": "1", "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value}
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0 || response.status === 403) {
        blocked = true;
        say('<span class="text-danger fw-semibold">' + gettext("Your session has expired.") + "</span> " +
            gettext("Your answers are kept in this browser tab.") + ' <a href="' + form.dataset.loginUrl + '">' +
            gettext("Log in again to save them") + "</a>.");
        statusEl.querySelector("a").addEventListener("click", function () { loggingIn = true; });
        return null;
      }
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (reply) {
      if (!reply) return;
      var data = reply.data;
      if (data.ok) {
        versionInput.value = data.version;
        if (JSON.stringify(fields()) === sent) { forget(); } else { remember(); pending = true; }
        slot.innerHTML = "";
        say(gettext("Saved at") + " " + escapeHtml(data.saved_at));
      } else if (data.conflict) {
        blocked = true;
        showConflict(data);
      } else if (data.submitted) {
        blocked = true;
        forget();
        say(escapeHtml(data.message) + ' <a href="' + data.url + '">' + gettext("See the result") + "</a>");
      } else {
        say('<span class="text-danger">' + escapeHtml(data.message || gettext("Not saved.")) + "</span>");
      }
    }).catch(function () {
      say('<span class="text-danger">' + gettext("Not saved yet: no connection.") + "</span> " +
          gettext("Your answers are kept in this tab; saving again shortly."));
      schedule(10000);
    }).finally(function () {
      inFlight = false;
      if (submitAfterSave) {
        // Post the form now, with the version this tab's own autosave just got (unless that save
        // found a conflict or an expired session: its message says what to do).
        var submitter = submitAfterSave;
        submitAfterSave = null;
        if (!blocked) { pending = false; form.requestSubmit(submitter); return; }
      }
      if (pending && !blocked) { pending = false; schedule(300); }
    });
  }

  function showConflict(data) {
    slot.innerHTML = data.html +
      '<div class="d-flex gap-2 mb-3"><button type="button" class="btn btn-warning" id="keep-mine">' +
      gettext("Keep my answers") + '</button><button type="button" class="btn btn-outline-secondary" id="take-saved">' +
      gettext("Load the saved answers") + "</button></div>";
    say('<span class="text-danger fw-semibold">' + gettext("Not saved: see the message at the top.") + "</span>");
    slot.focus();
    slot.scrollIntoView({block: "start"});
    document.getElementById("keep-mine").addEventListener("click", function () {
      versionInput.value = data.version;
      blocked = false;
      slot.innerHTML = "";
      remember();
      save();
    });
    document.getElementById("take-saved").addEventListener("click", function () {
      forget();
      window.location.reload();
    });
  }

  function gettext(s) { return window.gettext ? window.gettext(s) : s; }

  form.addEventListener("change", function () { remember(); schedule(800); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { remember(); schedule(2000); }
  });
  // A normal "Save draft" or "Submit" posts the form; keep the copy until the next page confirms it.
  // While an autosave is on its way, wait for it: posted with the version from before it, the form
  // would be refused as a conflict with this tab's own save.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight) {
      event.preventDefault();
      submitAfterSave = event.submitter || form.querySelector("[type=submit]");
      say(gettext("Saving…"));
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && blocked && !loggingIn) { event.preventDefault(); event.returnValue = ""; }
  });

  if (form.dataset.keepForm) {
    // The server just showed a conflict with this person's answers in the form: keep them.
    remember();
  } else if (restore()) {
    say(gettext("Restoring answers not yet saved…"));
    save();
  }
})();

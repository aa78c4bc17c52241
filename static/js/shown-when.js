// Fields that apply only for one answer of another field: an element with
// data-shown-when="<field name>=<value>" is hidden (and so out of the tab order) unless that field
// of its form has that value. On a form field itself, its crispy wrapper (.mb-3) is what hides.
// The server renders the same state, so the page is right before this runs, and it ignores what a
// hidden field holds. Content swapped in by htmx (an action's card) is set up as it arrives.
(function () {
  "use strict";

  function target(el) {
    return el.matches("input, select, textarea") ? el.closest(".mb-3") || el : el;
  }

  function chosen(form, name) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === "radio" || f.type === "checkbox") ? f.checked : true) return f.value;
    }
    return null;
  }

  function update(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (el) {
      var rule = el.getAttribute("data-shown-when").split("=");
      target(el).hidden = chosen(form, rule[0]) !== rule[1];
    });
  }

  function setUp(root) {
    root.querySelectorAll("[data-shown-when]").forEach(function (el) {
      var form = el.closest("form");
      if (!form || form.dataset.shownWhenReady) return;
      form.dataset.shownWhenReady = "1";
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  }

  setUp(document);
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();

// Interview mode (templates/screening/interview/form.html): one section at a time. The server
// renders every section (a save is of the whole form) with all but one hidden; "Previous section"
// and "Next section" are posts that save and reload at the other section when there is no
// JavaScript. Here they switch sections in place (the autosave keeps saving), keep the section in
// the address (a reload opens the same one) and move focus to the new section's title.
(function () {
  "use strict";
  var form = document.getElementById("screening-form");
  if (!form || !form.hasAttribute("data-interview")) return;
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));

  function sectionCalled(code) {
    return sections.find(function (section) { return section.dataset.section === code; }) || null;
  }

  function open(section, moveFocus) {
    if (!section) return;
    sections.forEach(function (other) { other.hidden = other !== section; });
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("section", section.dataset.section);
      url.hash = "";
      window.history.replaceState(null, "", url.toString());
    } catch (e) { /* the address stays as it was */ }
    if (moveFocus) {
      var title = section.querySelector(".interview-section-title");
      window.scrollTo(0, 0);
      if (title) title.focus({preventScroll: true});
    }
  }

  form.addEventListener("click", function (event) {
    var control = event.target.closest("[data-goto]");
    if (!control) return;
    event.preventDefault();  // no post: the section opens here, the autosave saves
    open(sectionCalled(control.dataset.goto), true);
  });

  // "Next unanswered" (screening-progress.js) asks for an item's section to be shown.
  form.addEventListener("screening:reveal", function (event) {
    var section = event.target.closest("[data-section]");
    if (section && section.hidden) open(section, false);
  });

  // A link to an item (the list of items left to answer) opens its section first.
  function revealTarget(hash) {
    if (!hash || hash.length < 2) return;
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    var section = target && target.closest("[data-section]");
    if (section && section.hidden) open(section, false);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#item-']");
    if (link) revealTarget(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () { revealTarget(window.location.hash); });
  revealTarget(window.location.hash);
})();

// The answers form's way around (templates/screening/form.html and interview/form.html):
// - the counts of answers, per section and overall, kept up to date as answers are chosen (the
//   server renders them right; this only follows the changes);
// - the section in view, with its count, in the sticky bar;
// - "Next unanswered": focus on the first item without an answer after the one worked on;
// - the notes: not a tab stop (one tab stop per item: its radio group). "Add note" (tabindex -1,
//   for touch and mouse) or the N key on an item's answers opens the note; Escape goes back to the
//   answers. A note with text stays open; an empty one closes when left;
// - Enter on an answer submits nothing (the implicit submission would click a hidden button).
// The form saves itself (screening-autosave.js): this script changes no answer.
(function () {
  "use strict";
  var form = document.getElementById("screening-form");
  if (!form) return;
  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
  var announce = document.getElementById("progress-announce");
  var current = document.querySelector("[data-progress-current]");
  var lastRow = null;  // the item worked on last (focus moves to the bar's buttons meanwhile)

  function rows(root) {
    return Array.prototype.slice.call((root || form).querySelectorAll(".item-row:not(.item-established)"));
  }

  function answered(row) { return !!row.querySelector("input[type=radio]:checked"); }

  function countOf(root) {
    var all = rows(root);
    return {answered: all.filter(answered).length, total: all.length};
  }

  function show(el, count) {
    var a = el.querySelector("[data-count-answered]");
    var t = el.querySelector("[data-count-total]");
    if (a) a.textContent = count.answered;
    if (t) t.textContent = count.total;
  }

  function sectionOf(el) { return el && el.closest ? el.closest("[data-section]") : null; }

  function update() {
    sections.forEach(function (section) {
      var count = countOf(section);
      document.querySelectorAll("[data-progress]").forEach(function (el) {
        if (el.getAttribute("data-progress") === section.dataset.section) show(el, count);
      });
    });
    document.querySelectorAll("[data-progress='']").forEach(function (el) { show(el, countOf(form)); });
    showCurrent();
  }

  // The section in view (or being worked on), in the sticky bar.
  var currentSection = sections.find(function (s) { return !s.hidden; }) || sections[0] || null;
  function showCurrent() {
    if (!current || !currentSection) return;
    current.setAttribute("data-progress-current", currentSection.dataset.section);
    current.querySelector("[data-current-title]").textContent = currentSection.dataset.title;
    show(current, countOf(currentSection));
  }
  function sectionInView() {
    var line = window.innerHeight * 0.35, found = sections[0] || null;
    sections.forEach(function (section) {
      if (!section.hidden && section.getBoundingClientRect().top <= line) found = section;
    });
    return found;
  }
  var scrollPending = false;
  window.addEventListener("scroll", function () {
    if (scrollPending || !current) return;
    scrollPending = true;
    window.requestAnimationFrame(function () {
      scrollPending = false;
      var section = sectionInView();
      if (section && section !== currentSection) { currentSection = section; showCurrent(); }
    });
  }, {passive: true});

  form.addEventListener("focusin", function (event) {
    var row = event.target.closest(".item-row");
    if (row) lastRow = row;
    var section = sectionOf(event.target);
    if (section && section !== currentSection) { currentSection = section; showCurrent(); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") update();
  });

  // -- Next unanswered

  function focusItem(row) {
    // Interview mode shows one section at a time: screening-interview.js opens the row's section.
    row.dispatchEvent(new CustomEvent("screening:reveal", {bubbles: true}));
    var radio = row.querySelector("input[type=radio]:checked") || row.querySelector("input[type=radio]");
    if (!radio) return;
    radio.focus({preventScroll: true});
    row.scrollIntoView({block: "center"});
    lastRow = row;
  }

  document.querySelectorAll("[data-next-unanswered]").forEach(function (control) {
    control.addEventListener("click", function (event) {
      event.preventDefault();
      var all = rows();
      var from = all.indexOf(lastRow);
      if (from < 0 && currentSection) {
        // Nothing worked on yet: from the section in view (interview mode: the one shown).
        var first = rows(currentSection)[0];
        if (first) from = all.indexOf(first) - 1;
      }
      var after = all.slice(from + 1).concat(all.slice(0, from + 1));
      var next = after.find(function (row) { return !answered(row); });
      if (next) {
        if (announce) announce.textContent = "";
        focusItem(next);
      } else if (announce) {
        announce.textContent = form.dataset.allAnswered;
      }
    });
  });

  // -- Notes

  function noteParts(holder) {
    return {
      button: holder.querySelector(".note-toggle"),
      field: holder.querySelector(".note-field"),
      text: holder.querySelector("textarea")
    };
  }

  function syncNote(holder) {
    var p = noteParts(holder);
    if (!p.text || !p.field) return;
    var open = p.text.value.trim() !== "" || document.activeElement === p.text;
    p.field.hidden = !open;
    if (p.button) p.button.hidden = open || p.text.disabled;
  }

  function openNote(row) {
    var holder = row.querySelector("[data-note]");
    if (!holder) return;
    var p = noteParts(holder);
    if (p.text.disabled) return;
    p.field.hidden = false;
    if (p.button) p.button.hidden = true;
    p.text.focus();
  }

  form.querySelectorAll("[data-note]").forEach(function (holder) {
    var p = noteParts(holder);
    if (!p.text) return;
    p.text.tabIndex = -1;  // not a tab stop: N or "Add note" opens it
    syncNote(holder);
    if (p.button) {
      p.button.addEventListener("click", function () { openNote(holder.closest(".item-row")); });
    }
    p.text.addEventListener("blur", function () { syncNote(holder); });
  });

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (target.type === "radio" && event.key === "Enter") {
      // No implicit submission from an answer: the form's first submit button may be a hidden
      // "Submit now" (the stop) or another section's "Next section".
      event.preventDefault();
    } else if (target.type === "radio" && (event.key === "n" || event.key === "N")) {
      var row = target.closest(".item-row");
      if (row && row.querySelector("[data-note]")) {
        event.preventDefault();
        openNote(row);
      }
    } else if (target.tagName === "TEXTAREA" && event.key === "Escape") {
      var item = target.closest(".item-row");
      var radio = item && (item.querySelector("input[type=radio]:checked") || item.querySelector("input[type=radio]"));
      if (radio) {
        event.preventDefault();
        radio.focus();
      }
    }
  });

  // Answers put back from the tab's copy (screening-autosave.js): counts and notes follow them.
  form.addEventListener("screening:restored", function () {
    form.querySelectorAll("[data-note]").forEach(syncNote);
    update();
  });

  update();
})();

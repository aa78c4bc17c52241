// A disclosure ends the interview at once: show the stop where the answer was given, not only
// after submitting. Which answers stop is data (the pinned version's rules), in data-stop-on.
// While a stop shows, nothing on the page asks for more questions: the controls that would
// (Next section, Next unanswered: data-hide-on-stop) are hidden. In interview mode the stop
// holds only the words the caseworker says next, and the way to finish (_item_row.html).
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-stop-on]"));

  function stopped() {
    return rows.some(function (row) {
      var notice = row.querySelector(".stop-now");
      return notice && !notice.hidden;
    });
  }

  function hideMoreQuestions() {
    var stop = stopped();
    document.querySelectorAll("[data-hide-on-stop]").forEach(function (el) { el.hidden = stop; });
  }

  rows.forEach(function (row) {
    var stopValues = row.getAttribute("data-stop-on").split(" ");
    var notice = row.querySelector(".stop-now");
    if (!notice) { return; }
    function update() {
      var checked = row.querySelector("input[type=radio]:checked");
      notice.hidden = !(checked && stopValues.indexOf(checked.value) !== -1);
      hideMoreQuestions();
    }
    row.addEventListener("change", function () {
      update();
      if (!notice.hidden) notice.scrollIntoView({block: "nearest"});
    });
    update();
  });
})();

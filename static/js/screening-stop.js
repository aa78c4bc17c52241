// A disclosure ends the interview at once: show the stop where the answer was given, not only
// after submitting. Which answers stop is data (the pinned version's rules), in data-stop-on.
(function () {
  "use strict";
  document.querySelectorAll("[data-stop-on]").forEach(function (row) {
    var stopValues = row.getAttribute("data-stop-on").split(" ");
    var notice = row.querySelector(".stop-now");
    if (!notice) { return; }
    function update() {
      var checked = row.querySelector("input[type=radio]:checked");
      notice.hidden = !(checked && stopValues.indexOf(checked.value) !== -1);
    }
    row.addEventListener("change", update);
    update();
  });
})();

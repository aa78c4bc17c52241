/* The draft editor's drag and drop: drag a section, an item or a guidance action by its handle
   within its own list; on drop the new order is posted by the page's hidden order form (a plain
   post, the page comes back with the order saved). Move up / Move down do the same without a
   script. */
(function () {
  "use strict";
  var form = document.querySelector(".studio-order-form");
  if (!form) { return; }
  var dragged = null;
  var before = "";

  function order(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("studio-row");
    }).map(function (el) { return el.dataset.id; }).join(",");
  }

  function sibling(target) {
    var row = target && target.closest ? target.closest(".studio-row") : null;
    while (row && dragged && row.parentElement !== dragged.parentElement) {
      row = row.parentElement ? row.parentElement.closest(".studio-row") : null;
    }
    return row;
  }

  document.querySelectorAll(".studio-handle").forEach(function (handle) {
    handle.addEventListener("dragstart", function (event) {
      dragged = handle.closest(".studio-row");
      before = order(dragged.parentElement);
      dragged.classList.add("studio-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
      event.dataTransfer.setDragImage(dragged, 10, 10);
    });
  });

  document.addEventListener("dragover", function (event) {
    var row = sibling(event.target);
    if (!dragged || !row) { return; }
    event.preventDefault();
    if (row === dragged) { return; }
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentElement.insertBefore(dragged, after ? row.nextSibling : row);
  });

  document.addEventListener("drop", function (event) {
    if (dragged) { event.preventDefault(); }
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var list = dragged.parentElement;
    dragged.classList.remove("studio-dragging");
    var now = order(list);
    var kind = list.dataset.kind;
    dragged = null;
    if (now !== before && kind) {
      form.elements.kind.value = kind;
      form.elements.order.value = now;
      form.submit();
    }
  });
}());

// Dragging for sorting blocks (templates/blocks/sorting.html), with a mouse or a finger.
// Only an extra: the form's selects and radio buttons stay the way to answer with a
// keyboard or a screen reader, and dragging only fills them in. Used by the player and,
// as window.SortingDrag.enhance(root), by the SCORM runtime after it shows a block.
(function (global) {
  "use strict";
  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .sort-item"));
  }
  function renumber(list) {
    items(list).forEach(function (item, index) {
      var select = item.querySelector("select");
      if (select) { select.value = String(index + 1); }
    });
  }
  // Not a start of dragging: a form control, or a finger outside the handle (so a finger
  // on the item still scrolls the page).
  function interactive(target, event) {
    return target.closest("select, option, input, label, button, a") ||
      (event.pointerType !== "mouse" && !target.closest(".drag-handle"));
  }
  function sequencing(form) {
    var list = form.querySelector(".sort-list");
    list.addEventListener("pointerdown", function (event) {
      var item = event.target.closest(".sort-item");
      if (!item || interactive(event.target, event) || event.button > 0) { return; }
      event.preventDefault();
      item.classList.add("dragging");
      // Listened for on the document: moving the item in the list would end a pointer capture.
      function move(e) {
        var after = items(list).filter(function (other) {
          var box = other.getBoundingClientRect();
          return other !== item && e.clientY < box.top + box.height / 2;
        })[0];
        if (after) { if (item.nextElementSibling !== after) { list.insertBefore(item, after); } }
        else if (list.lastElementChild !== item) { list.appendChild(item); }
      }
      function drop() {
        item.classList.remove("dragging");
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", drop);
        document.removeEventListener("pointercancel", drop);
        renumber(list);
      }
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", drop);
      document.addEventListener("pointercancel", drop);
    });
  }
  // Categories: drop an item on a category to check its radio button. Items stay where
  // they are, so the order for the keyboard never changes.
  function matching(form) {
    var bins = form.querySelector("[data-bins]");
    bins.hidden = false;
    form.addEventListener("pointerdown", function (event) {
      var item = event.target.closest(".sort-item");
      if (!item || interactive(event.target, event) || event.button > 0) { return; }
      event.preventDefault();
      var startX = event.clientX;
      var startY = event.clientY;
      var over = null;
      item.classList.add("dragging");
      item.setPointerCapture(event.pointerId);
      function binAt(e) {
        item.style.visibility = "hidden";
        var found = document.elementFromPoint(e.clientX, e.clientY);
        item.style.visibility = "";
        return found && found.closest("[data-bin]");
      }
      function move(e) {
        item.style.transform = "translate(" + (e.clientX - startX) + "px," + (e.clientY - startY) + "px)";
        var bin = binAt(e);
        if (over && over !== bin) { over.classList.remove("over"); }
        over = bin;
        if (over) { over.classList.add("over"); }
      }
      function drop(e) {
        item.classList.remove("dragging");
        item.style.transform = "";
        item.removeEventListener("pointermove", move);
        item.removeEventListener("pointerup", drop);
        item.removeEventListener("pointercancel", drop);
        if (over) { over.classList.remove("over"); }
        var bin = e.type === "pointerup" ? binAt(e) : null;
        var radio = bin && item.querySelector('input[value="' + bin.getAttribute("data-bin") + '"]');
        if (radio) { radio.checked = true; }
      }
      item.addEventListener("pointermove", move);
      item.addEventListener("pointerup", drop);
      item.addEventListener("pointercancel", drop);
    });
  }
  function enhance(root) {
    if (!global.PointerEvent) { return; }
    Array.prototype.forEach.call(root.querySelectorAll("form[data-sorting]"), function (form) {
      if (form.hasAttribute("data-enhanced")) { return; }
      form.setAttribute("data-enhanced", "");
      form.classList.add("sortable");
      Array.prototype.forEach.call(form.querySelectorAll("[data-drag-hint], .drag-handle"), function (node) {
        node.hidden = false;
      });
      if (form.getAttribute("data-sorting") === "matching") { matching(form); } else { sequencing(form); }
    });
  }
  global.SortingDrag = { enhance: enhance };
  enhance(document);
})(window);

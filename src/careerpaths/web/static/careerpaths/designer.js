// The pathway editor: keep the keyboard focus where it was when htmx swaps the editor in
// (a keyboard or screen-reader user would otherwise be sent back to the top after every
// change). The control that had the focus is found again by its id; a control that is
// gone (a removed course's button) leaves the focus on the editor's status line.
//
// Drag and drop, a convenience beside each card's Move control (the keyboard path): a course
// card dropped on another term submits that card's own Move form with the term chosen, so
// the server sees exactly what a Move posts (version, CSRF token, htmx swap); the focus then
// lands on the moved card. A drop on the card's own term sends nothing.
(function () {
  "use strict";
  var lastId = null;
  var dropFocusId = null;
  var dragged = null;

  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    lastId = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var wanted = dropFocusId || lastId;
    var target = (wanted && document.getElementById(wanted)) || document.getElementById("editor-status");
    if (target) {
      target.focus({ preventScroll: false });
    }
    lastId = null;
    dropFocusId = null;
  });

  function termBox(el) {
    return el && el.closest ? el.closest("#editor .term-box[data-term]") : null;
  }
  function clearTargets() {
    var marked = document.querySelectorAll("#editor .term-box.drop-target");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("drop-target");
    }
  }

  document.addEventListener("dragstart", function (e) {
    var card = e.target && e.target.closest ? e.target.closest("#editor li.course[data-move]") : null;
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-course") || "");
  });
  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });
  document.addEventListener("dragover", function (e) {
    var box = termBox(e.target);
    if (!dragged || !box) {
      return;
    }
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    if (!box.classList.contains("drop-target")) {
      clearTargets();
      box.classList.add("drop-target");
    }
  });
  document.addEventListener("dragleave", function (e) {
    var box = termBox(e.target);
    if (box && !box.contains(e.relatedTarget)) {
      box.classList.remove("drop-target");
    }
  });
  document.addEventListener("drop", function (e) {
    var box = termBox(e.target);
    var card = dragged;
    if (!card || !box) {
      return;
    }
    e.preventDefault();
    clearTargets();
    var select = document.getElementById(card.getAttribute("data-move"));
    var term = box.getAttribute("data-term");
    if (!select || !term) {
      return;
    }
    if (select.value === term) {
      card.focus();  // the card's own term: no change, nothing posted
      return;
    }
    select.value = term;
    dropFocusId = card.id;
    var form = select.form;
    var button = form.querySelector("button[type=submit]");
    if (form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      button.click();
    }
  });
})();

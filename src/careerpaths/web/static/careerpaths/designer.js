// The pathway editor: keep the keyboard focus where it was when htmx swaps the editor in
// (a keyboard or screen-reader user would otherwise be sent back to the top after every
// change). The control that had the focus is found again by its id; a control that is
// gone (a removed course's button) leaves the focus on the editor's status line.
(function () {
  "use strict";
  var lastId = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    lastId = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var target = (lastId && document.getElementById(lastId)) || document.getElementById("editor-status");
    if (target) {
      target.focus({ preventScroll: false });
    }
    lastId = null;
  });
})();

// The student audit: a "Print a short version" button (hidden without JavaScript, where the
// browser's own Print gives the same short version).
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();

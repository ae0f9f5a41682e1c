// The family map: on a phone, years start folded (the first one open); printing opens them all.
(function () {
  "use strict";
  var years = document.querySelectorAll("details.year");
  if (window.matchMedia && window.matchMedia("(max-width: 40em)").matches) {
    years.forEach(function (d, i) { if (i > 0) { d.removeAttribute("open"); } });
  }
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = [];
    years.forEach(function (d) { if (!d.open) { closed.push(d); d.open = true; } });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
  });
})();

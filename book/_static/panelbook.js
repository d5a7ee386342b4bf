/* panelbook: a wide table says that it scrolls, and printing opens every collapsed detail. */
(function () {
  "use strict";
  function markOverflow() {
    document.querySelectorAll(".pb-table-scroll, .pst-scrollable-table-container").forEach(function (box) {
      box.classList.toggle("pb-overflowing", box.scrollWidth > box.clientWidth + 1);
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.pb-detail:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", markOverflow); } else { markOverflow(); }
  window.addEventListener("resize", markOverflow);
  document.addEventListener("toggle", markOverflow, true);
})();

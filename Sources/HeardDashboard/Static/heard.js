// Small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Printing opens the data tables that sit behind <details>, and closes them again afterwards.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.data-table").forEach(function (d) {
      d.dataset.wasOpen = d.open ? "1" : "";
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.data-table").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
  });
  // Clicking a chart opens the data table under it, where its numbers can be read exactly.
  document.querySelectorAll("details.data-table").forEach(function (d) {
    var figure = d.parentElement && d.parentElement.querySelector("figure");
    if (!figure) return;
    figure.addEventListener("click", function () { d.open = true; });
  });
})();

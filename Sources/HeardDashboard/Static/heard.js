// Small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Filter forms: submitting a <select> change right away saves a click.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Printing opens the data tables that sit behind <details>.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.data-table").forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.data-table").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
  });
})();

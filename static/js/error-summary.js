// DSFR/RGAA error summary: after a failed submission, move focus to the
// summary so that it is announced, and its links lead to each field.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();

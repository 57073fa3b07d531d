// Programme page, progressive enhancement only: on a small screen, fold the
// filters and the map behind a disclosure button so that the sessions come
// first. After « Apply the filters » the page opens at #results: focus the
// results heading so that it is read out. Without JavaScript everything is shown.
(function () {
  "use strict";
  document.querySelectorAll("[data-fold-below]").forEach(function (panel) {
    var button = document.querySelector('[aria-controls="' + panel.id + '"]');
    if (!button) {
      return;
    }
    var small = window.matchMedia("(max-width: " + panel.dataset.foldBelow + "px)");
    function show(open) {
      panel.classList.toggle("programme-sidebar--folded", !open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    function layout() {
      button.hidden = !small.matches;
      show(!small.matches || panel.hasAttribute("data-keep-open"));
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    small.addEventListener("change", layout);
    layout();
  });
  if (window.location.hash === "#results") {
    var results = document.getElementById("results");
    if (results) {
      results.focus();
    }
  }
})();

// Optional help for the module player; every page works without it.
// After an answer the page opens at #resultaat: move focus there so screen
// readers read the feedback first.
(function () {
  "use strict";
  if (window.location.hash !== "#resultaat") {
    return;
  }
  var region = document.getElementById("resultaat");
  if (region && region.textContent.trim() !== "") {
    region.focus();
  }
})();

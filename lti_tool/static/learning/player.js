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

// Tell the tool (once per page) that a video or podcast was started, for the
// organisation's learning records. Nothing depends on the answer.
(function () {
  "use strict";
  var section = document.querySelector("[data-played-url]");
  if (!section || !navigator.sendBeacon) {
    return;
  }
  var media = section.querySelectorAll("video, audio");
  var sent = false;
  function played(event) {
    if (sent) { return; }
    sent = true;
    var data = new FormData();
    data.append("lt", section.getAttribute("data-lt"));
    data.append("time", String(event.target.currentTime || 0));
    navigator.sendBeacon(section.getAttribute("data-played-url"), data);
  }
  for (var i = 0; i < media.length; i++) {
    media[i].addEventListener("play", played);
  }
})();

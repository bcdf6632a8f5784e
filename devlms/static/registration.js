// Dynamic Registration: when the tool's page (in the frame) posts
// {subject: "org.imsglobal.lti.close"}, show what was registered.
(function () {
  "use strict";
  var frame = document.querySelector("iframe[data-registration-origin]");
  if (!frame) {
    return;
  }
  var origin = frame.getAttribute("data-registration-origin");
  var doneUrl = frame.getAttribute("data-done-url");
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin) {
      return;
    }
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        return;
      }
    }
    if (data && data.subject === "org.imsglobal.lti.close") {
      window.location.assign(doneUrl);
    }
  });
})();

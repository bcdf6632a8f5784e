// LTI Dynamic Registration: tell the platform we are done ('org.imsglobal.lti.close').
(function () {
  function close() {
    var target = window.opener || window.parent;
    if (target && target !== window) {
      target.postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    }
  }
  var button = document.getElementById("close-registration");
  if (button) { button.addEventListener("click", close); }
})();

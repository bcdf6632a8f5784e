// Sends the LTI launch (id_token + state) on to the tool; the button is the no-JS fallback.
(function () {
  "use strict";
  var form = document.getElementById("devlms-autopost");
  if (form) {
    form.submit();
  }
})();

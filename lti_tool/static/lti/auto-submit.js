// Submit a form marked data-auto-submit once the page has loaded; the visible button
// stays for browsers without JavaScript.
(function () {
  var form = document.querySelector("form[data-auto-submit]");
  if (form) { form.submit(); }
})();

// The language switcher changes the language as soon as one is chosen. A file of its own, not
// an inline script: the Content-Security-Policy runs only the site's own scripts. Without
// JavaScript, the form's <noscript> button submits it.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.name === "language" && select.form && select.form.classList.contains("language")) {
      select.form.submit();
    }
  });
})();

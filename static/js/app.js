/* Jobcenter Ballerup: the only first-party script. No inline JS anywhere (strict CSP).
 * Sends Django's CSRF token, read from <meta name="csrf-token">, with every htmx request. */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });
})();

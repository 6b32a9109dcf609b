/* Jobcenter Ballerup: the caseworker's pages. Progressive enhancement only; every page works
 * without it. No inline JS (strict CSP).
 *
 * Occupation picker: the job-track inputs use <datalist id="occupation-options">, rendered with
 * every DISCO-08 unit group so the browser can filter it without JavaScript. Here, typing two or
 * more characters asks the occupation search (GET /occupations/search/?q=...) and fills the list
 * with its ranked answers, which also match on English titles and codes of every level. */
(function () {
  "use strict";

  var timer = null;
  var lastQuery = "";

  function fillOptions(list, results) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    results.forEach(function (occupation) {
      var option = document.createElement("option");
      option.value = occupation.code + " – " + occupation.title;
      list.appendChild(option);
    });
  }

  function search(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = list && list.getAttribute("data-search-url");
    var query = input.value.trim();
    if (!url || query.length < 2 || query === lastQuery || /^\d+ – /.test(query)) {
      return;
    }
    lastQuery = query;
    fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (results) {
        if (results.length) {
          fillOptions(list, results);
        }
      })
      .catch(function () {
        /* keep the server-rendered list */
      });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("occupation-picker")) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      search(input);
    }, 250);
  });

  /* Caseload: a "choose all on this page" checkbox for the transfer. */
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-choose-all]")) {
      return;
    }
    var table = box.closest("table");
    table.querySelectorAll('input[name="citizens"]').forEach(function (other) {
      other.checked = box.checked;
    });
  });
})();

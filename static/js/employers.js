/* Employer consultant's pages (employers app). No inline JS anywhere (strict CSP).
 * - Occupation picker: inputs with data-occupation-search="<url>" get suggestions from the JSON
 *   endpoint in their <datalist> ("5321 Social- og sundhedsassistent"); the server also accepts
 *   a typed code or a unique title, so the field works without this script.
 * - After htmx replaces a list of results, the element marked data-results-count in it ("37
 *   virksomheder") is copied into the page's persistent #results-status live region, so screen
 *   readers hear the count, not the whole table.
 * - Buttons marked data-no-js-only (the need form's "Search") are removed when htmx runs,
 *   because the results then appear as you type and Enter should save the form. */
(function () {
  "use strict";

  var DELAY_MS = 200;

  function fillSuggestions(input, list, results) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    results.forEach(function (item) {
      if (item.level !== 4) {
        return;
      }
      var option = document.createElement("option");
      option.value = item.code + " " + item.title;
      list.appendChild(option);
    });
  }

  function setUpOccupationPicker(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-occupation-search");
    var timer = null;
    var lastQuery = "";
    if (!list || !url) {
      return;
    }
    input.addEventListener("input", function () {
      var query = input.value.trim();
      // A chosen suggestion starts with its 4-digit code: nothing more to look up.
      if (query === lastQuery || /^\d{4}\s/.test(query)) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        lastQuery = query;
        if (query.length < 2) {
          fillSuggestions(input, list, []);
          return;
        }
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : [];
          })
          .then(function (results) {
            fillSuggestions(input, list, results);
          })
          .catch(function () {
            /* Offline or logged out: the field still accepts a typed code. */
          });
      }, DELAY_MS);
    });
  }

  function announceResults(event) {
    var status = document.getElementById("results-status");
    var target = event.detail && event.detail.target;
    if (!status || !target) {
      return;
    }
    var count = target.querySelector("[data-results-count]");
    status.textContent = count ? count.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function init() {
    document.body.addEventListener("htmx:afterSwap", announceResults);
    document.querySelectorAll("input[data-occupation-search]").forEach(setUpOccupationPicker);
    if (window.htmx) {
      document.querySelectorAll("[data-no-js-only]").forEach(function (element) {
        element.remove();
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

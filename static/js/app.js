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

/* Focus after htmx swaps: when the focused element (a sort link, a page link, a submit button)
 * was inside the swapped region, focus moves to the first invalid field of the new content or,
 * failing that, to the region itself, so keyboard and screen-reader users are not dropped on
 * <body>. Swaps the user did not start (polling) leave focus where it is. */
(function () {
  "use strict";
  var pendingId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail.target;
    pendingId = null;
    if (active && active !== document.body && target && target.contains(active)) {
      if (!target.id) {
        target.id = "htmx-region-" + Date.now();
      }
      pendingId = target.id;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pendingId) {
      return;
    }
    var region = document.getElementById(pendingId);
    pendingId = null;
    if (!region) {
      return;
    }
    var invalid = region.querySelector('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "-1");
    }
    region.focus({ preventScroll: false });
  });
})();

/* Tables that scroll sideways (narrow screens, 200 % zoom) get a keyboard stop and a name, so
 * the hidden columns can be reached without a mouse (WCAG 2.1.1). */
(function () {
  "use strict";
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    return caption ? caption.textContent.trim() : document.documentElement.lang === "da" ? "Tabel" : "Table";
  }
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      // As axe-core judges it: one pixel of scrolling either way (overflow-x: auto makes the other
      // axis auto too, so a table a pixel taller than its region scrolls as well).
      if (wrap.scrollWidth > wrap.clientWidth || wrap.scrollHeight > wrap.clientHeight) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  // A table's width also changes after the page has loaded (a chart beside it redrawn, a font,
  // a zoom): a ResizeObserver on each region and its table catches every such change.
  var observer = window.ResizeObserver ? new ResizeObserver(mark) : null;
  function watch() {
    mark();
    if (!observer) {
      return;
    }
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      observer.observe(wrap);
      var table = wrap.querySelector("table");
      if (table) {
        observer.observe(table);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", watch);
  document.addEventListener("htmx:afterSettle", watch);
  window.addEventListener("resize", mark);
})();

/* After a save the page opens at the saved section (#section); the confirmation is moved into
 * that section, under its heading, so it is in view and not hidden behind the sticky links. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".messages__list");
    if (!list || !window.location.hash) {
      return;
    }
    var section = document.getElementById(window.location.hash.slice(1));
    if (!section || section.tagName === "MAIN") {
      return;
    }
    var heading = section.querySelector("h2, h3");
    list.classList.add("messages__list--in-section");
    if (heading) {
      heading.insertAdjacentElement("afterend", list);
    } else {
      section.insertAdjacentElement("afterbegin", list);
    }
    section.scrollIntoView();
  });
})();

/* A form shown again with errors (a full page, not htmx): the summary is announced (role=alert)
 * and focus goes to the first field in error, so keyboard and screen-reader users start where
 * the correction is needed. A field the page already focused (autofocus) is left alone. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("main .form-errors")) {
      return;
    }
    var active = document.activeElement;
    if (active && active !== document.body) {
      return;
    }
    var invalid = document.querySelector('main [aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
    }
  });
})();

/* The idle timeout, seen from the page (WCAG 2.2.1 Timing Adjustable; core/views_session.py).
 *
 * The session ends SESSION_IDLE_MINUTES after the last request. This script counts down from the
 * page's load (and from every htmx request, and from requests in the user's other tabs, shared
 * through localStorage), opens a dialog SESSION_WARNING_SECONDS before the end with a button that
 * posts to /session/forlaeng/ (the request renews the session), and, if the time runs out, keeps
 * what was typed on the page (sessionStorage, this tab only) and fills it in again after the next
 * login on the same page. Nothing typed is lost. */
(function () {
  "use strict";
  var body = document.body;
  var timeout = parseInt(body.getAttribute("data-session-timeout"), 10);
  var warning = parseInt(body.getAttribute("data-session-warning"), 10);
  var extendUrl = body.getAttribute("data-session-extend-url");
  var loginUrl = body.getAttribute("data-login-url");
  var dialog = document.getElementById("session-warning");
  if (!timeout || !extendUrl || !dialog) {
    return;
  }
  var SHARED_KEY = "jobcenter:last-request";
  var DRAFT_PREFIX = "jobcenter:draft:";
  var left = dialog.querySelector("[data-session-left]");
  var button = dialog.querySelector("[data-session-extend]");
  var error = dialog.querySelector("[data-session-error]");
  var status = document.querySelector("[data-session-status]");
  var lastRequest = Date.now();
  var ended = false;

  function shared() {
    try {
      return parseInt(window.localStorage.getItem(SHARED_KEY), 10) || 0;
    } catch (e) {
      return 0;
    }
  }
  function renewed() {
    lastRequest = Date.now();
    try {
      window.localStorage.setItem(SHARED_KEY, String(lastRequest));
    } catch (e) { /* private mode: this tab only */ }
    if (dialog.open) {
      dialog.close();
    }
  }
  function secondsLeft() {
    return Math.round((Math.max(lastRequest, shared()) + timeout * 1000 - Date.now()) / 1000);
  }
  function say(seconds) {
    var n = Math.max(seconds, 0);
    if (n >= 60) {
      var minutes = Math.ceil(n / 60);
      return (minutes === 1 ? dialog.dataset.oneMinute : dialog.dataset.minutes).replace("__N__", minutes);
    }
    return dialog.dataset.seconds.replace("__N__", n);
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      var type = (el.type || "").toLowerCase();
      return el.name && ["hidden", "password", "file", "submit", "button", "reset"].indexOf(type) < 0;
    });
  }
  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked !== el.defaultChecked;
    }
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }
  function saveDrafts() {
    var drafts = {};
    Array.prototype.forEach.call(document.querySelectorAll("main form"), function (form, index) {
      var values = {};
      fields(form).forEach(function (el) {
        if (!changed(el)) {
          return;
        }
        if (el.type === "checkbox" || el.type === "radio") {
          values[el.name + "=" + el.value] = el.checked;
        } else if (el.tagName === "SELECT" && el.multiple) {
          values[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
        } else {
          values[el.name] = el.value;
        }
      });
      if (Object.keys(values).length) {
        drafts[index] = values;
      }
    });
    if (Object.keys(drafts).length) {
      try {
        window.sessionStorage.setItem(DRAFT_PREFIX + location.pathname, JSON.stringify(drafts));
      } catch (e) { /* nothing more we can do */ }
    }
  }
  function restoreDrafts() {
    var key = DRAFT_PREFIX + location.pathname;
    var raw;
    try {
      raw = window.sessionStorage.getItem(key);
      window.sessionStorage.removeItem(key);
    } catch (e) {
      return;
    }
    if (!raw) {
      return;
    }
    var drafts = JSON.parse(raw);
    var forms = document.querySelectorAll("main form");
    var restored = false;
    Object.keys(drafts).forEach(function (index) {
      var form = forms[index];
      if (!form) {
        return;
      }
      fields(form).forEach(function (el) {
        var values = drafts[index];
        if (el.type === "checkbox" || el.type === "radio") {
          var k = el.name + "=" + el.value;
          if (k in values) { el.checked = values[k]; restored = true; }
        } else if (el.name in values) {
          if (el.tagName === "SELECT" && el.multiple) {
            Array.prototype.forEach.call(el.options, function (o) { o.selected = values[el.name].indexOf(o.value) >= 0; });
          } else {
            el.value = values[el.name];
          }
          restored = true;
        }
      });
    });
    if (restored) {
      var notice = document.createElement("p");
      notice.className = "notice notice--warning";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-draft-restored", "");
      notice.textContent = dialog.dataset.restored;
      var main = document.querySelector("main");
      main.insertBefore(notice, main.firstChild);
    }
  }

  function end() {
    ended = true;
    saveDrafts();
    location.assign(loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search));
  }
  function tick() {
    if (ended) {
      return;
    }
    var seconds = secondsLeft();
    if (seconds <= 1) {
      end();
      return;
    }
    if (seconds <= warning) {
      left.textContent = say(seconds);
      if (!dialog.open) {
        error.hidden = true;
        dialog.showModal();
        button.focus();
      }
    } else if (dialog.open) {
      dialog.close(); // another tab renewed the session
    }
  }
  button.addEventListener("click", function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    fetch(extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": meta ? meta.content : "", "Accept": "application/json" },
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("application/json") < 0) {
        throw new Error("not extended");
      }
      renewed();
      if (status) {
        status.textContent = dialog.dataset.extended;
      }
    }).catch(function () {
      error.hidden = false;
    });
  });
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault(); // Escape does not hide the warning without a choice
  });
  document.addEventListener("htmx:afterRequest", renewed);
  renewed();
  restoreDrafts();
  window.setInterval(tick, 1000);
})();

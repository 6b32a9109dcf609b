/* The strategy dashboards (strategy app). No inline JS anywhere (strict CSP: script-src 'self').
 * - Charts: every <canvas data-chart="<id>"> is drawn with Chart.js (vendored) from the JSON in
 *   the <script type="application/json" id="<id>"> that Django's json_script wrote next to it:
 *   {labels, values, targets, unit, valueLabel, targetLabel}. The value is a line with points,
 *   the target a dashed stepped line. The table next to each chart holds the same numbers (the
 *   chart's text alternative), so nothing is lost without this script; the print stylesheet
 *   hides the charts and prints the tables.
 * - The report's "Print" button (data-print) is shown and opens the print dialog. */
(function () {
  "use strict";

  var VALUE_COLOUR = "#00558c";
  var TARGET_COLOUR = "#6b4b00";
  var GRID_COLOUR = "#d0d7de";
  var lang = document.documentElement.lang || "da";

  function formatter(unit) {
    var decimals = unit === "count" || unit === "rank" ? 0 : 1;
    var number = new Intl.NumberFormat(lang, {
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals,
    });
    return function (value) {
      if (value === null || value === undefined) {
        return "–";
      }
      var text = number.format(value);
      return unit === "percent" ? text + " %" : text;
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var format = formatter(data.unit);
    var hasTarget = data.targets.some(function (value) {
      return value !== null;
    });
    var datasets = [
      {
        label: data.valueLabel,
        data: data.values,
        borderColor: VALUE_COLOUR,
        backgroundColor: VALUE_COLOUR,
        borderWidth: 3,
        pointRadius: 4,
        pointStyle: "circle",
        spanGaps: true,
        tension: 0,
      },
    ];
    if (hasTarget) {
      datasets.push({
        label: data.targetLabel,
        data: data.targets,
        borderColor: TARGET_COLOUR,
        backgroundColor: TARGET_COLOUR,
        borderWidth: 2,
        borderDash: [8, 5],
        pointRadius: 0,
        stepped: "middle",
        spanGaps: true,
      });
    }
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.parsed.y);
              },
            },
          },
        },
        scales: {
          x: { grid: { color: GRID_COLOUR }, ticks: { color: "#1b1f23", autoSkip: true, maxRotation: 0 } },
          y: {
            beginAtZero: data.unit !== "rank",
            reverse: data.unit === "rank",
            grid: { color: GRID_COLOUR },
            ticks: { color: "#1b1f23", callback: format },
          },
        },
      },
    });
  }

  function setUp() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

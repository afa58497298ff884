// Consult Bot dashboard: draws the two charts from the JSON block #summary-data with the vendored Chart.js.
// Every number drawn here is also in the page as text (the tables next to each chart).
(function () {
  "use strict";

  function draw() {
    var block = document.getElementById("summary-data");
    if (!block || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(block.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#1f2937";
    Chart.defaults.animation = false; // the figures are read, not watched; screenshots stay deterministic

    new Chart(document.getElementById("chart-mix"), {
      type: "doughnut",
      data: {
        labels: data.mix.labels,
        datasets: [{ data: data.mix.values, backgroundColor: data.mix.colors, borderWidth: 2 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
      },
    });

    new Chart(document.getElementById("chart-progress"), {
      type: "bar",
      data: {
        labels: data.progress.labels,
        datasets: data.progress.series.map(function (s) {
          return { label: s.label, data: s.values, backgroundColor: s.color };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

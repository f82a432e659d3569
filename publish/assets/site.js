// Draws every chart of the page from the figure JSON beside it, with the Plotly shipped in the site.
(function () {
  "use strict";
  var config = { responsive: true, displaylogo: false };
  document.querySelectorAll("[data-figure]").forEach(function (div) {
    var figure = JSON.parse(document.getElementById(div.dataset.figure).textContent);
    var options = Object.assign({}, config, figure.config || {});
    Object.keys(figure.layout).forEach(function (key) {  // tick labels inside the chart at any width
      if (/^[xy]axis\d*$/.test(key)) { figure.layout[key].automargin = true; }
    });
    Plotly.newPlot(div, figure.data, figure.layout, options).then(function () {
      if (figure.frames) { Plotly.addFrames(div, figure.frames); }
    });
  });
})();

// The statistics dashboard: draws each panel's chart from the figures the server already protected (a hidden
// count arrives as null with its text, "<5" or "x", and is drawn as hidden). No HTML is built from strings:
// tooltips are drawn on the canvas (richText) and the table view is made of DOM nodes, as the CSP requires.
(function () {
  "use strict";
  const figures = JSON.parse(document.getElementById("dashboard-figures").textContent);
  const texts = JSON.parse(document.getElementById("dashboard-texts").textContent);
  const HIDDEN_COLOUR = "#b8bcc6";
  const COLOURS = ["#1d4e89", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d96a3"];
  const SVG_ICON = "path://M4,4H20V20H4Z M8,14L11,10L13,13L15,11L18,16H6Z";
  const charts = [];

  // The table body without its totals: rows × columns of {value, text}.
  function body(table) {
    return table.rows.keys.map((_key, i) =>
      table.columns.keys.map((_column, j) => ({ value: table.values[i][j], text: table.texts[i][j] })),
    );
  }
  function isHidden(cell) {
    return cell.value === null;
  }
  function tableElement(panel) {
    // The chart's own table view: the same texts as the page's table, built as nodes.
    const table = document.createElement("table");
    table.className = "list";
    const head = table.createTHead().insertRow();
    const totals = panel.table.totals !== false;
    const columns = panel.table.columns.labels.concat(totals && panel.table.columns.keys.length > 1 ? [""] : []);
    [""].concat(columns).forEach((label) => {
      const th = document.createElement("th");
      th.textContent = label;
      head.appendChild(th);
    });
    const tbody = table.createTBody();
    panel.table.rows.labels.concat(totals ? [""] : []).forEach((label, i) => {
      const row = tbody.insertRow();
      const th = document.createElement("th");
      th.textContent = label;
      row.appendChild(th);
      columns.forEach((_c, j) => {
        row.insertCell().textContent = panel.table.texts[i][j];
      });
    });
    return table;
  }
  function download(name, blob) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
  function saveSvg(chart, name) {
    // The chart drawn again by the SVG renderer, off-screen, then saved as a file.
    const copy = echarts.init(null, null, {
      renderer: "svg",
      ssr: true,
      width: chart.getWidth(),
      height: chart.getHeight(),
      locale: texts.locale,
    });
    const option = chart.getOption();
    option.animation = false;
    option.toolbox = [];
    copy.setOption(option);
    download(name + ".svg", new Blob([copy.renderToSVGString()], { type: "image/svg+xml" }));
    copy.dispose();
  }
  function toolbox(panel, chartRef) {
    return {
      right: 8,
      feature: {
        dataView: { readOnly: true, title: texts.table, lang: [texts.table, texts.close, ""], optionToContent: () => tableElement(panel) },
        saveAsImage: { type: "png", name: "vigie-" + panel.key },
        mySaveSvg: { show: true, title: texts.save_svg, icon: SVG_ICON, onclick: () => saveSvg(chartRef.chart, "vigie-" + panel.key) },
      },
    };
  }
  function tooltipText(name, cell) {
    return name + ": " + cell.text;
  }
  function categoryLabel(labels, cells) {
    // A hidden count is named on its axis, not drawn as a bar of some made-up length.
    return (value, index) => (cells[index] && isHidden(cells[index]) ? value + " (" + cells[index].text + ")" : value);
  }

  function oneColumn(panel) {
    return body(panel.table).map((row) => row[0]);
  }
  function lineOption(panel) {
    const cells = oneColumn(panel);
    const labels = panel.table.rows.labels;
    return {
      tooltip: { trigger: "axis", renderMode: "richText", formatter: (p) => tooltipText(p[0].name, cells[p[0].dataIndex]) },
      grid: { left: 48, right: 24, top: 40, bottom: 48 },
      xAxis: { type: "category", data: labels, axisLabel: { formatter: categoryLabel(labels, cells) } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "line", name: panel.table.columns.labels[0], data: cells.map((c) => c.value), connectNulls: false, color: COLOURS[0] }],
    };
  }
  function barOption(panel) {
    const cells = oneColumn(panel);
    const labels = panel.table.rows.labels;
    return {
      tooltip: { trigger: "axis", renderMode: "richText", formatter: (p) => tooltipText(p[0].name, cells[p[0].dataIndex]) },
      grid: { left: 8, right: 40, top: 40, bottom: 24, containLabel: true },
      yAxis: { type: "category", inverse: true, data: labels, axisLabel: { width: 220, overflow: "truncate", formatter: categoryLabel(labels, cells) } },
      xAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: panel.table.columns.labels[0], data: cells.map((c) => c.value), color: COLOURS[0], label: { show: true, position: "right" } }],
    };
  }
  function groupedBarOption(panel) {
    const cells = body(panel.table);
    return {
      tooltip: {
        trigger: "axis",
        renderMode: "richText",
        formatter: (p) => [p[0].name].concat(p.map((item) => tooltipText(item.seriesName, cells[item.dataIndex][item.seriesIndex]))).join("\n"),
      },
      legend: { top: 4, left: 8 },
      grid: { left: 8, right: 24, top: 64, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: panel.table.rows.labels, axisLabel: { interval: 0, width: 150, overflow: "break", lineHeight: 14 } },
      yAxis: { type: "value", minInterval: 1 },
      series: panel.table.columns.labels.map((label, j) => ({
        type: "bar",
        name: label,
        color: COLOURS[j % COLOURS.length],
        data: cells.map((row) => row[j].value),
        label: { show: true, position: "top", formatter: (p) => cells[p.dataIndex][j].text },
      })),
    };
  }
  function mapOption(panel) {
    const cells = oneColumn(panel);
    const values = cells.filter((c) => !isHidden(c)).map((c) => c.value);
    const data = panel.table.rows.keys.map((key, i) => ({
      name: key,
      value: cells[i].value,
      label: panel.table.rows.labels[i],
      text: cells[i].text,
      itemStyle: isHidden(cells[i]) ? { areaColor: HIDDEN_COLOUR } : undefined,
    }));
    return {
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (p) => (p.data ? tooltipText(p.data.label, { text: p.data.text }) : ""),
      },
      visualMap: { type: "continuous", min: 0, max: Math.max(1, ...values), left: 8, bottom: 8, calculable: false, inRange: { color: ["#e0ecf4", "#1d4e89"] } },
      series: [{ type: "map", map: "west-central-africa", roam: true, aspectScale: 1, data: data, emphasis: { label: { show: false } } }],
    };
  }
  // The flows: rows and columns are stage-qualified nodes (origin:NG, transit1:NE, destination:LY), so the
  // links of a route through transit countries chain from one column of the Sankey to the next.
  function flowLinks(panel) {
    const table = panel.table;
    const links = [];
    body(table).forEach((row, i) =>
      row.forEach((cell, j) => {
        if (cell.value !== 0) {
          links.push({ source: table.rows.keys[i], target: table.columns.keys[j], cell: cell, label: table.rows.labels[i] + " → " + table.columns.labels[j] });
        }
      }),
    );
    return links;
  }
  function sankeyOption(panel) {
    // The links shown, the countries beyond the largest at each stage grouped (dashboard.sankey_of).
    const sankey = panel.extra.sankey;
    const names = Object.fromEntries(sankey.nodes.map((n) => [n.id, n.name]));
    return {
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        formatter: (p) => (p.dataType === "edge" ? p.data.label + ": " + p.data.text : names[p.name]),
      },
      series: [{
        type: "sankey",
        left: 8, right: 140, top: 40, bottom: 8,
        data: sankey.nodes.map((n) => ({ name: n.id })),
        links: sankey.links,
        label: { formatter: (p) => names[p.name] },
        lineStyle: { color: "gradient", opacity: 0.4 },
      }],
    };
  }
  function flowMapOption(panel) {
    // Each step of a route drawn from one country to the next: a route through Niger and Libya is two lines.
    const nodes = panel.extra.nodes;
    const links = flowLinks(panel);
    const largest = Math.max(1, ...links.filter((l) => !isHidden(l.cell)).map((l) => l.cell.value));
    const lines = [];
    links.forEach((link) => {
      const from = figures.centroids[nodes[link.source].country];
      const to = figures.centroids[nodes[link.target].country];
      if (!from || !to || nodes[link.source].country === nodes[link.target].country) return;
      lines.push({
        coords: [from, to],
        label: link.label,
        text: link.cell.text,
        lineStyle: isHidden(link.cell)
          ? { color: HIDDEN_COLOUR, type: "dashed", width: 1 }
          : { color: COLOURS[1], width: 1 + 7 * (link.cell.value / largest) },
      });
    });
    return {
      tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => (p.data ? p.data.label + ": " + p.data.text : "") },
      geo: { map: "west-central-africa", roam: true, aspectScale: 1, itemStyle: { areaColor: "#eef1f5", borderColor: "#8d96a3" }, emphasis: { disabled: true } },
      series: [{ type: "lines", coordinateSystem: "geo", symbol: ["none", "arrow"], symbolSize: 8, data: lines }],
    };
  }
  function funnelOption(panel) {
    // The stages as counted by the justice statistics (persons suspected, prosecuted, convicted), in order.
    const cells = oneColumn(panel);
    return {
      tooltip: { trigger: "item", renderMode: "richText", formatter: (p) => tooltipText(p.name, { text: p.data.text }) },
      series: [{
        type: "funnel",
        left: "10%", width: "80%", top: 40, bottom: 8,
        sort: "none",
        minSize: "8%",
        data: panel.table.rows.labels.map((name, i) => ({
          name: name,
          value: isHidden(cells[i]) ? 0 : cells[i].value,
          text: cells[i].text,
          itemStyle: isHidden(cells[i]) ? { color: HIDDEN_COLOUR } : undefined,
        })),
        label: { show: true, position: "inside", formatter: (p) => p.name + ": " + p.data.text },
      }],
    };
  }
  const OPTIONS = { line: lineOption, bar: barOption, grouped_bar: groupedBarOption, map: mapOption, flows: sankeyOption, funnel: funnelOption };

  function draw(element, panel, makeOption, height) {
    element.style.height = height + "px";
    const chartRef = {};
    chartRef.chart = echarts.init(element, null, { renderer: "canvas", locale: texts.locale });
    const option = makeOption(panel);
    option.toolbox = toolbox(panel, chartRef);
    chartRef.chart.setOption(option);
    charts.push(chartRef.chart);
  }
  function height(panel) {
    if (panel.chart === "bar") return Math.max(220, 80 + 28 * panel.table.rows.keys.length);
    return panel.chart === "map" || panel.chart === "flows" ? 480 : 340;
  }
  function noteHiddenFlows(panel) {
    const note = document.querySelector('[data-hidden-flows="' + panel.key + '"]');
    const cells = body(panel.table);
    const hidden = [];
    cells.forEach((row, i) => row.forEach((cell, j) => {
      if (isHidden(cell)) hidden.push(panel.table.rows.labels[i] + " → " + panel.table.columns.labels[j] + " (" + cell.text + ")");
    }));
    if (note && hidden.length) note.textContent = texts.hidden_flows + " " + hidden.join("; ");
  }

  function drawAll() {
    figures.panels.forEach((panel) => {
      const element = document.querySelector('[data-panel="' + panel.key + '"]');
      if (!element || !panel.table) return;
      draw(element, panel, OPTIONS[panel.chart], height(panel));
      if (panel.chart === "flows") {
        noteHiddenFlows(panel);
        draw(document.querySelector('[data-flows="' + panel.key + '"]'), panel, flowMapOption, 480);
      }
    });
    window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
    document.body.dataset.chartsReady = "true";
  }

  const needsMap = figures.panels.some((panel) => panel.chart === "map" || panel.chart === "flows");
  if (!needsMap) {
    drawAll();
    return;
  }
  fetch(texts.map_url, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((geometry) => {
      echarts.registerMap("west-central-africa", geometry);
      drawAll();
    });
})();

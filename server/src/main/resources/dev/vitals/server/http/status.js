// The status page: renders /health's JSON, first from /health, then from each /events message.
"use strict";
(function () {
  const LABELS = { pass: "passing", warn: "warning", fail: "failing" };

  function text(tag, content, attrs) {
    const el = document.createElement(tag);
    el.textContent = content;
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    return el;
  }

  function badge(status, observed) {
    // Colour and words: the state is never colour alone.
    return text("span", observed || LABELS[status] || status, { class: "badge", "data-status": status });
  }

  function since(iso) {
    const t = new Date(iso);
    return text("time", t.toLocaleString(), { datetime: iso, title: iso });
  }

  // Each check's own entry in /health's "checks" (services are keyed by their names).
  const CHECK_KEY = "check:";

  // A check: its name, its result (colour and words) with the reason when it is not passing, and
  // when it last ran and how long that took.
  function checkRow(check) {
    const row = document.createElement("tr");
    row.dataset.check = check.componentId;
    const result = document.createElement("td");
    result.append(badge(check.status));
    if (check.output) result.append(text("div", check.output, { class: "muted reason" }));
    const last = document.createElement("td");
    if (check.time) {
      last.append(since(check.time));
      last.append(text("div", check.observedValue.toFixed(1) + " ms", { class: "muted" }));
    } else {
      last.append(text("span", "not run yet", { class: "muted" }));
    }
    row.append(text("td", check.componentId), result, last);
    return row;
  }

  function render(health) {
    const overall = document.getElementById("overall");
    overall.textContent = LABELS[health.status] || health.status;
    overall.dataset.status = health.status;
    if ((health.notes || []).includes("draining")) overall.textContent += " (draining)";
    const flapping = new Set(health.flapping || []);
    const body = document.querySelector("#services tbody");
    const rows = [];
    const checkRows = [];
    for (const [name, entries] of Object.entries(health.checks || {})) {
      if (name.startsWith(CHECK_KEY) && entries[0] && entries[0].componentType === "check") {
        checkRows.push(checkRow(entries[0]));
        continue;
      }
      const service = entries.find((e) => e.componentType === "service") || entries[0];
      const row = document.createElement("tr");
      row.dataset.service = name;
      const cell = document.createElement("td");
      cell.append(name === "" ? text("em", "(whole server)") : text("span", name));
      if (flapping.has(name)) cell.append(text("span", "flapping", { class: "flapping" }));
      const followed = entries.filter((e) => e.componentType === "check");
      if (followed.length) {
        cell.append(text("div", "checks: " + followed.map((c) => c.componentId + " " + (LABELS[c.status] || c.status)).join(", "), { class: "muted" }));
      }
      const status = document.createElement("td");
      status.append(badge(service.status, service.observedValue));
      const time = document.createElement("td");
      time.append(since(service.time));
      row.append(cell, status, time);
      rows.push(row);
    }
    body.replaceChildren(...rows);
    document.querySelector("#checks tbody").replaceChildren(...checkRows);
    document.getElementById("checks-section").hidden = checkRows.length === 0;
    const list = document.getElementById("transitions");
    const items = (health.transitions || []).slice(0, 20).map((t) => {
      let line = `${t.service === "" ? "(whole server)" : t.service}: ${t.from} → ${t.to} at ${new Date(t.time).toLocaleTimeString()}`;
      if (t.check) line += ` (check ${t.check}${t.reason ? ": " + t.reason : ""})`;
      else if (t.reason) line += ` (${t.reason})`;
      return text("li", line);
    });
    list.replaceChildren(...items);
    document.body.dataset.updated = String(Date.now());
  }

  const connection = document.getElementById("connection");
  fetch("health", { cache: "no-store" }).then((r) => r.json()).then(render).catch(() => {});
  const events = new EventSource("events");
  events.addEventListener("health", (e) => {
    connection.textContent = "live";
    render(JSON.parse(e.data));
  });
  events.onerror = () => { connection.textContent = "reconnecting…"; };
})();

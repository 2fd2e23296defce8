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

  function render(health) {
    const overall = document.getElementById("overall");
    overall.textContent = LABELS[health.status] || health.status;
    overall.dataset.status = health.status;
    if ((health.notes || []).includes("draining")) overall.textContent += " (draining)";
    const flapping = new Set(health.flapping || []);
    const body = document.querySelector("#services tbody");
    const rows = [];
    for (const [name, entries] of Object.entries(health.checks || {})) {
      const service = entries.find((e) => e.componentType === "service") || entries[0];
      const row = document.createElement("tr");
      row.dataset.service = name;
      const cell = document.createElement("td");
      cell.append(name === "" ? text("em", "(whole server)") : text("span", name));
      if (flapping.has(name)) cell.append(text("span", "flapping", { class: "flapping" }));
      for (const check of entries.filter((e) => e.componentType === "check")) {
        const line = text("div", check.componentId + ": " + (check.output || check.status), { class: "muted" });
        cell.append(line);
      }
      const status = document.createElement("td");
      status.append(badge(service.status, service.observedValue));
      const time = document.createElement("td");
      time.append(since(service.time));
      row.append(cell, status, time);
      rows.push(row);
    }
    body.replaceChildren(...rows);
    const list = document.getElementById("transitions");
    const items = (health.transitions || []).slice(0, 20).map((t) =>
      text("li", `${t.service === "" ? "(whole server)" : t.service}: ${t.from} → ${t.to} at ${new Date(t.time).toLocaleTimeString()}`));
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

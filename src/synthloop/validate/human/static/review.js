// synthloop review: keyboard-first record review. Record content is data: it is only ever
// written with textContent (never innerHTML), and the page's CSP allows no inline script.
"use strict";

const state = { queue: [], pos: 0, rec: null, mode: "view", meta: null, saved: [] };
const $ = (id) => document.getElementById(id);
let chain = Promise.resolve();  // keys are handled one after another, none is lost

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const res = await fetch("api/" + path, opts);
  const data = await res.json();
  if (!res.ok) throw new Error(data && data.error ? data.error : res.statusText);
  return data;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function show(value) {
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}

function folded(summary, text) {
  const box = el("details");
  box.appendChild(el("summary", summary));
  box.appendChild(el("pre", text, "field"));
  return box;
}

function fillSelect(id, values) {
  const select = $(id);
  for (const v of values) {
    const opt = el("option", v);
    opt.value = v;
    select.appendChild(opt);
  }
}

function filterQuery() {
  const p = new URLSearchParams({
    status: $("f-status").value, stage: $("f-stage").value, check: $("f-check").value,
    band: $("f-band").value, disagree: $("f-disagree").checked ? "1" : "",
    q: $("search").value,
  });
  return p.toString();
}

async function loadQueue(keepSeq) {
  state.queue = (await api("queue?" + filterQuery())).seqs;
  const at = keepSeq === undefined ? -1 : state.queue.indexOf(keepSeq);
  state.pos = at >= 0 ? at : 0;
  await render();
}

async function render(seq) {
  // The screen is built aside and swapped in whole: what is shown always matches data-seq.
  const target = seq !== undefined ? seq : state.queue[state.pos];
  const main = document.createDocumentFragment();
  const rec = target === undefined ? null : await api("record/" + target);
  state.rec = rec;
  $("position").textContent = state.queue.length
    ? `${state.pos + 1} / ${state.queue.length}` : "0 / 0";
  const other = $("record").dataset.seq !== (rec ? String(rec.seq) : "");
  $("record").dataset.seq = rec ? String(rec.seq) : "";
  if (!rec) {
    $("record").replaceChildren(el("p", "No records match these filters."));
    return;
  }
  // The content first (what is being reviewed), then what the checks said, each verdict
  // with its check and pass/fail so a rationale is never read as the record's headline;
  // generation leftovers (candidates...) and the lineage are folded.
  const head = el("h1", `record ${rec.id} `);
  head.appendChild(el("span", rec.status, "status status-" + rec.status));
  if (Object.keys(rec.attributes).length) {
    head.appendChild(el("span", Object.entries(rec.attributes).map(([k, v]) => `${k}=${v}`)
      .join(", "), "attributes"));
  }
  main.appendChild(head);
  if (rec.status_reason) {
    main.appendChild(el("p", `${rec.status_stage}: ${rec.status_reason}`, "why"));
  }
  if (rec.decision) {
    const d = rec.decision;
    main.appendChild(el("p", `your decision: ${d.action}${d.reason ? " (" + d.reason + ")" : ""}`,
      "decision decision-" + d.action));
    if (d.diff) for (const text of Object.values(d.diff)) main.appendChild(el("pre", text, "field"));
  }
  const content = el("section", undefined, "content");
  for (const key of rec.content) {
    content.appendChild(el("h3", key));
    content.appendChild(el("pre", show(rec.data[key]), "field"));
  }
  for (const [key, layers] of Object.entries(rec.originals || {})) {
    for (const layer of layers) {
      content.appendChild(el("h3", `${key} (before ${layer.by ?? "a rewrite"})`));
      content.appendChild(el("pre", show(layer.value), "field"));
    }
  }
  main.appendChild(content);
  main.appendChild(el("h2", "Verdicts"));
  const table = el("table", undefined, "verdicts");
  const header = el("tr");
  for (const h of ["", "check", "score", "reason"]) header.appendChild(el("th", h));
  table.appendChild(header);
  for (const v of rec.verdicts) {
    const row = el("tr", undefined, v.passed ? "pass" : "fail");
    row.appendChild(el("td", v.passed ? "\u2713 pass" : "\u2717 fail", "mark"));
    row.appendChild(el("td", v.check));
    row.appendChild(el("td", v.score ?? ""));
    const reason = el("td", v.reason);
    if (v.details) reason.appendChild(folded("details", show(v.details)));
    row.appendChild(reason);
    table.appendChild(row);
  }
  main.appendChild(table);
  const rest = Object.keys(rec.data).filter((k) => !rec.content.includes(k));
  for (const key of rest) main.appendChild(folded(key, show(rec.data[key])));
  main.appendChild(folded("lineage", show(rec.lineage)));
  $("record").replaceChildren(main);
  if (other) window.scrollTo(0, 0);  // a new record is read from its top, under the keys
}

function message(text) { $("message").textContent = text; }

function acknowledge(decision) {
  state.saved.push(decision.id);
  const saved = $("saved");
  saved.dataset.count = String(state.saved.length);
  saved.dataset.ids = state.saved.join(",");
  saved.textContent = `${state.saved.length} saved`;
}

async function decide(action, reason, edits, seq) {
  if (!state.rec) return;
  const d = await api("decide", { seq: seq ?? state.rec.seq, action, reason, edits });
  acknowledge(d);
  const id = state.rec.id;
  await move(1);
  message(`${action} ${id}`);
}

async function move(step) {
  if (!state.queue.length) return render();
  state.pos = Math.min(Math.max(state.pos + step, 0), state.queue.length - 1);
  await render();
}

async function undo() {
  const d = await api("undo", {});
  if (!d) { message("nothing to undo"); return; }
  const at = state.queue.indexOf(d.seq);
  if (at >= 0) { state.pos = at; await render(); } else { await render(d.seq); }
  message(`undid ${d.action} of record ${d.seq}`);
}

function openReject() {
  state.mode = "reject";
  $("reject-panel").hidden = false;
  window.scrollTo(0, 0);
  $("reason-text").value = "";
  $("reason-text").focus();
}

function openEdit() {
  if (!state.rec) return;
  const box = $("edit-fields");
  box.replaceChildren();
  for (const [key, value] of Object.entries(state.rec.data)) {
    if (typeof value !== "string") continue;
    box.appendChild(el("label", key));
    const area = el("textarea");
    area.value = value;
    area.dataset.key = key;
    box.appendChild(area);
  }
  const first = box.querySelector("textarea");
  if (!first) { state.mode = "view"; message("no text field to edit"); return; }
  state.mode = "edit";
  $("edit-panel").hidden = false;
  window.scrollTo(0, 0);
  first.focus();
}

function closePanels() {
  state.mode = "view";
  $("reject-panel").hidden = true;
  $("edit-panel").hidden = true;
  document.activeElement.blur();
}

function editsMade() {
  const edits = {};
  for (const area of $("edit-fields").querySelectorAll("textarea")) {
    if (area.value !== state.rec.data[area.dataset.key]) edits[area.dataset.key] = area.value;
  }
  return edits;
}

function queue(action) {
  chain = chain.then(action).catch((err) => message("error: " + err.message));
}

// Panels open and close at once (what follows a key is typed into them); requests run one
// after another in key order, so fast typing loses no decision.
function handle(ev) {
  const target = ev.target;
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName);
  if (state.mode === "reject") {
    const pick = /^[1-9]$/.test(ev.key) && target.value === "" ? Number(ev.key) : 0;
    const text = ev.key === "Enter" ? target.value.trim() : "";
    if (ev.key === "Escape") closePanels();
    if (pick > state.meta.reasons.length || !(pick || text)) return;
    ev.preventDefault();
    closePanels();
    const reason = pick ? state.meta.reasons[pick - 1] : text;
    return queue(() => decide("reject", reason));
  }
  if (state.mode === "edit") {
    if (ev.key === "Escape") return closePanels();
    if (ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey) || !state.rec) return;
    ev.preventDefault();
    const edits = editsMade();
    const seq = state.rec.seq;
    closePanels();
    if (!Object.keys(edits).length) return message("nothing changed");
    return queue(() => decide("edit", null, edits, seq));
  }
  if (typing) {
    if (ev.key === "Enter" || ev.key === "Escape") { target.blur(); queue(() => loadQueue()); }
    return;
  }
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const actions = {
    a: () => decide("accept"), s: () => move(1), j: () => move(1), ArrowRight: () => move(1),
    k: () => move(-1), ArrowLeft: () => move(-1), u: () => undo(), e: () => openEdit(),
  };
  if (ev.key === "r") { ev.preventDefault(); return openReject(); }
  // Edit mode starts now, so keys typed before the editor is filled are not commands.
  if (ev.key === "e") state.mode = "edit";
  if (ev.key === "/") { ev.preventDefault(); return $("search").focus(); }
  if (!actions[ev.key]) return;
  ev.preventDefault();
  queue(actions[ev.key]);
}

async function start() {
  state.meta = await api("meta");
  $("run").textContent = state.meta.run;
  $("reviewer").textContent = "reviewer: " + state.meta.reviewer;
  fillSelect("f-stage", state.meta.stages);
  fillSelect("f-check", state.meta.checks);
  fillSelect("f-band", state.meta.bands);
  state.meta.reasons.forEach((r) => $("reasons").appendChild(el("li", r)));
  for (const id of ["f-status", "f-stage", "f-check", "f-band", "f-disagree"]) {
    $(id).addEventListener("change", () => queue(() => loadQueue()));
  }
  document.addEventListener("keydown", handle);
  await loadQueue();
  document.body.dataset.ready = "1";
}

start().catch((err) => message("error: " + err.message));

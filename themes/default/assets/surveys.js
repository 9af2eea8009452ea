/* Playbook survey forms: show_if, drafts, progress, presets from the link, submission.
 *
 * Input: every <form data-playbook-survey> on the page (built by survey.md.j2).
 * Output: a form that keeps a draft on this device, shows only the questions that apply,
 * and sends the answers where the page says (collector, endpoint, Netlify or a file).
 * Without this script the form still submits with the browser's own validation.
 * Works with Material's instant navigation (document$) and without it (Zensical).
 */
(function () {
  "use strict";

  var DRAFT_PREFIX = "playbook:survey:";

  function newResponseId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function questions(form) {
    return Array.prototype.slice.call(form.querySelectorAll(".pb-question[data-question]"));
  }

  function inputsOf(block) {
    return Array.prototype.slice.call(block.querySelectorAll("input, select, textarea"));
  }

  function blockFor(form, questionId) {
    return form.querySelector(".pb-question[data-question=\"" + CSS.escape(questionId) + "\"]");
  }

  function answerValues(form, block) {
    return valuesOf(form, block.getAttribute("data-name"));
  }

  function valuesOf(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name || el.disabled) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value !== "") { values.push(el.value); }
    });
    return values;
  }

  function draftKey(form) {
    return DRAFT_PREFIX + form.getAttribute("data-playbook-survey");
  }

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function snapshot(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.name === "website" || el.type === "submit" || el.type === "button") { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value === "") { return; }
      (data[el.name] = data[el.name] || []).push(el.value);
    });
    return data;
  }

  function saveDraft(form) {
    var store = storage();
    if (!store) { return; }
    var draft = { response_id: form.elements.response_id.value, fields: snapshot(form), saved_at: new Date().toISOString() };
    try { store.setItem(draftKey(form), JSON.stringify(draft)); } catch (error) { /* storage full or blocked */ }
  }

  function restoreDraft(form) {
    var store = storage();
    var text = store && store.getItem(draftKey(form));
    if (!text) { return false; }
    var draft;
    try { draft = JSON.parse(text); } catch (error) { return false; }
    if (draft.response_id) { form.elements.response_id.value = draft.response_id; }
    var fields = draft.fields || {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !Object.prototype.hasOwnProperty.call(fields, el.name)) { return; }
      var wanted = fields[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = wanted.indexOf(el.value) !== -1;
      } else {
        el.value = wanted[0];
      }
    });
    return true;
  }

  function clearDraft(form) {
    var store = storage();
    if (store) { store.removeItem(draftKey(form)); }
  }

  function applyPresets(form) {
    var params = new URLSearchParams(window.location.search);
    ["cohort", "role", "pair"].forEach(function (name) {
      var value = params.get(name);
      var field = form.elements[name];
      if (value === null || !field || (name === "pair" && form.getAttribute("data-anonymous") === "true")) { return; }
      if (field.tagName === "SELECT" && !field.querySelector("option[value=\"" + CSS.escape(value) + "\"]")) { return; }
      field.value = value;
    });
    if (form.getAttribute("data-pair-link") === "true") { applyPairLink(form); }
  }

  /* A partnership's form (the session log): cohort, pair and token come from the link's fragment,
   * which the browser never sends to the site's host; without them the form cannot be sent. */
  function applyPairLink(form) {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    ["cohort", "pair", "token"].forEach(function (name) { form.elements[name].value = params.get(name) || ""; });
    var linked = ["cohort", "pair", "token"].every(function (name) { return form.elements[name].value !== ""; });
    var line = form.querySelector(".pb-survey__pair");
    line.textContent = linked ? text(form, "pair", { pair: form.elements.pair.value, cohort: form.elements.cohort.value }) : "";
    line.hidden = !linked;
    form.querySelector(".pb-survey__nolink").hidden = linked;
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = !linked; });
  }

  function isShown(form, block) {
    var target = block.getAttribute("data-show-if");
    if (!target) { return true; }
    var targetBlock = blockFor(form, target);
    if (!targetBlock || targetBlock.hidden) { return false; }
    var wanted = JSON.parse(block.getAttribute("data-show-values") || "[]");
    return answerValues(form, targetBlock).some(function (value) { return wanted.indexOf(value) !== -1; });
  }

  function updateVisibility(form) {
    questions(form).forEach(function (block) {
      var shown = isShown(form, block);
      block.hidden = !shown;
      var required = shown && block.getAttribute("data-required") === "true" && block.getAttribute("data-type") !== "multiple";
      inputsOf(block).forEach(function (el) {
        el.disabled = !shown;
        if (block.hasAttribute("data-show-if")) { el.required = required; }
      });
    });
  }

  function updateProgress(form) {
    var visible = questions(form).filter(function (block) { return !block.hidden; });
    var answered = visible.filter(function (block) {
      return answerValues(form, block).length > 0;
    });
    var box = form.querySelector(".pb-survey__progress");
    if (!box) { return; }
    box.hidden = false;
    var bar = box.querySelector("progress");
    bar.max = Math.max(visible.length, 1);
    bar.value = answered.length;
    box.querySelector(".pb-survey__progress-text").textContent = text(form, "progress", { answered: answered.length, total: visible.length });
  }

  /* The page's words, in the programme's language: the survey page puts them in data-text (JSON). */
  function text(form, key, values) {
    var words = JSON.parse(form.getAttribute("data-text") || "{}");
    return (words[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function errorBox(block) {
    return block.querySelector(".pb-error");
  }

  function setError(block, message) {
    var box = errorBox(block);
    if (!box) { return; }
    box.textContent = message || "";
    box.hidden = !message;
    block.classList.toggle("pb-question--invalid", Boolean(message));
    inputsOf(block).forEach(function (el) {
      if (message) { el.setAttribute("aria-invalid", "true"); } else { el.removeAttribute("aria-invalid"); }
    });
  }

  function pickProblem(form, block) {
    var count = answerValues(form, block).length;
    var min = parseInt(block.getAttribute("data-min-picks") || "0", 10);
    var max = parseInt(block.getAttribute("data-max-picks") || "0", 10);
    if (block.getAttribute("data-required") === "true" && count === 0) { return text(form, "choose_one"); }
    if (count > 0 && min && count < min) { return block.getAttribute("data-min-message"); }
    if (max && count > max) { return block.getAttribute("data-max-message"); }
    return "";
  }

  function blockProblem(form, block) {
    if (block.hidden) { return ""; }
    if (block.getAttribute("data-type") === "multiple") { return pickProblem(form, block); }
    var invalid = inputsOf(block).filter(function (el) { return !el.checkValidity(); });
    if (!invalid.length) { return ""; }
    if (invalid[0].validity.valueMissing) { return text(form, "required"); }
    return invalid[0].validationMessage;
  }

  function validate(form) {
    var blocks = Array.prototype.slice.call(form.querySelectorAll(".pb-question"));
    var first = null;
    blocks.forEach(function (block) {
      var problem = blockProblem(form, block);
      setError(block, problem);
      if (problem && !first) { first = block; }
    });
    if (first) {
      var focusable = inputsOf(first).filter(function (el) { return !el.disabled; })[0];
      if (focusable) { focusable.focus(); }
    }
    return !first;
  }

  /* Keyed by question id for the collector and downloads; flat services get "<survey>.<question>"
   * keys (the canonical column names) with multiple choices joined by "|". */
  function answersOf(form, joinMultiple) {
    var answers = {};
    questions(form).forEach(function (block) {
      if (block.hidden) { return; }
      var id = block.getAttribute("data-question");
      var values = answerValues(form, block);
      var key = joinMultiple ? block.getAttribute("data-name") : id;
      if (block.getAttribute("data-type") === "story") {
        var story = storyOf(block);
        if (story) { answers[key] = story; }
        return;
      }
      if (!values.length) { return; }
      if (block.getAttribute("data-type") === "multiple") {
        answers[key] = joinMultiple ? values.join("|") : values;
      } else {
        answers[key] = values[0];
      }
    });
    return answers;
  }

  /* A story question: its consent, the name to publish and the quote, sent as one answer (JSON text).
   * Its inputs belong to no form (so nothing of it is sent without this script): read them in the block. */
  function storyOf(block) {
    function part(which, selector) {
      var el = block.querySelector("[data-story=\"" + which + "\"]" + (selector || ""));
      return el && !el.disabled ? el.value.trim() : "";
    }
    var consent = part("consent", ":checked");
    var quote = part("quote");
    if (!consent && !quote) { return ""; }
    return JSON.stringify({ consent: consent, name: consent === "named" ? part("name") : "", quote: quote });
  }

  function envelope(form) {
    var anonymous = form.getAttribute("data-anonymous") === "true";
    return Object.assign({
      response_id: form.elements.response_id.value,
      survey: form.getAttribute("data-playbook-survey"),
      cohort: form.elements.cohort.value,
      role: form.elements.role.value,
      pair: anonymous || !form.elements.pair ? "" : form.elements.pair.value.trim(),
      website: form.elements.website.value
    }, form.elements.token ? { token: form.elements.token.value } : {});
  }

  function reasonOf(form, response, body) {
    if (body && body.error) { return body.error; }
    return text(form, "server", { status: (response.status + " " + (response.statusText || "")).trim() });
  }

  function showFieldProblems(form, fields) {
    Object.keys(fields || {}).forEach(function (name) {
      var block = blockFor(form, name) || form.querySelector(".pb-question[data-envelope=\"" + CSS.escape(name) + "\"]");
      if (block) { setError(block, fields[name]); }
    });
  }

  function postJson(form, url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body, reason: reasonOf(form, response, body) };
      });
    });
  }

  function postNetlify(form, payload) {
    var data = new URLSearchParams();
    data.append("form-name", payload.survey);
    Object.keys(payload).forEach(function (key) {
      if (key !== "answers") { data.append(key, payload[key]); }
    });
    Object.keys(payload.answers).forEach(function (key) { data.append(key, payload.answers[key]); });
    return fetch("/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: data.toString() })
      .then(function (response) { return { ok: response.ok, status: response.status, body: {}, reason: reasonOf(form, response, null) }; });
  }

  function download(payload) {
    var record = Object.assign({ format: "playbook-response/1", submitted_at: new Date().toISOString().replace(/\.\d+Z$/, "Z") }, payload);
    delete record.website;
    var blob = new Blob([JSON.stringify(record, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = payload.survey + "-" + payload.response_id + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    return Promise.resolve({ ok: true, status: 200, body: {} });
  }

  function send(form) {
    var kind = form.getAttribute("data-destination");
    var payload = envelope(form);
    payload.answers = answersOf(form, kind !== "collector" && kind !== "download");
    if (kind === "download") { return download(payload); }
    if (kind === "netlify") { return postNetlify(form, payload); }
    if (kind === "endpoint") {
      var flat = Object.assign({}, payload, payload.answers);
      delete flat.answers;
      return postJson(form, form.action, flat);
    }
    return postJson(form, form.action, payload);
  }

  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll("button").forEach(function (button) { button.disabled = busy; });
  }

  function showFailure(form, message) {
    var box = form.querySelector(".pb-survey__failure");
    box.querySelector(".pb-survey__failure-text").textContent = text(form, "not_sent", { reason: message });
    box.hidden = false;
  }

  function succeed(form) {
    clearDraft(form);
    form.querySelector(".pb-survey__failure").hidden = true;
    form.querySelector(".pb-survey__status").textContent = form.getAttribute("data-thanks");
    form.classList.add("pb-survey--sent");
    form.reset();
    form.elements.response_id.value = newResponseId();
    applyPresets(form);
    updateVisibility(form);
    updateProgress(form);
  }

  function submit(form) {
    form.querySelector(".pb-survey__status").textContent = "";
    if (!validate(form)) {
      form.querySelector(".pb-survey__status").textContent = text(form, "attention");
      return;
    }
    saveDraft(form);
    setBusy(form, true);
    form.querySelector(".pb-survey__status").textContent = text(form, "sending");
    send(form).then(function (result) {
      if (result.ok) {
        succeed(form);
        return;
      }
      showFieldProblems(form, result.body && result.body.fields);
      form.querySelector(".pb-survey__status").textContent = "";
      showFailure(form, result.reason);
    }, function () {
      form.querySelector(".pb-survey__status").textContent = "";
      showFailure(form, text(form, "unreachable"));
    }).then(function () { setBusy(form, false); });
  }

  function onChange(form, event) {
    updateVisibility(form);
    updateProgress(form);
    var block = event.target.closest && event.target.closest(".pb-question");
    if (block && block.classList.contains("pb-question--invalid")) { setError(block, blockProblem(form, block)); }
    form.classList.remove("pb-survey--sent");
    saveDraft(form);
  }

  function setUp(form) {
    if (form.getAttribute("data-pb-ready") === "true") { return; }
    form.setAttribute("data-pb-ready", "true");
    form.noValidate = true;
    var restored = restoreDraft(form);
    if (!form.elements.response_id.value) { form.elements.response_id.value = newResponseId(); }
    applyPresets(form);
    updateVisibility(form);
    updateProgress(form);
    if (restored) {
      form.querySelector(".pb-survey__status").textContent = text(form, "restored");
    }
    form.addEventListener("input", function (event) { onChange(form, event); });
    form.addEventListener("change", function (event) { onChange(form, event); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(form);
    });
    form.querySelector(".pb-survey__retry").addEventListener("click", function () { submit(form); });
  }

  function setUpAll() {
    document.querySelectorAll("form[data-playbook-survey]").forEach(setUp);
  }

  /* Loaded by survey pages only: instant navigation runs this file again on each visit, so it
     subscribes once and afterwards only sets up the new page's form. */
  if (window.playbookSurveysLoaded) {
    setUpAll();
    return;
  }
  window.playbookSurveysLoaded = true;
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();

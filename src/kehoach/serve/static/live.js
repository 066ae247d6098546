// kehoach serve: the page keeps itself up to date. The server says over one EventSource when a
// plan's files changed; the page fetches what changed from the same server. Nothing is loaded
// from anywhere else.
(function () {
  "use strict";
  const body = document.body;
  const kind = body.dataset.kenh;
  const live = document.getElementById("kh-live");
  if (!kind || !window.EventSource) return;
  const plan = body.dataset.plan || "";
  const planUrl = plan.split("/").map(encodeURIComponent).join("/");

  function connect(url, handlers) {
    const source = new EventSource(url);
    source.onopen = function () { live.hidden = false; live.className = "kh-live"; live.textContent = "đang theo dõi tệp"; };
    source.onerror = function () { live.hidden = false; live.className = "kh-live off"; live.textContent = "mất kết nối, đang thử lại…"; };
    for (const name in handlers) source.addEventListener(name, handlers[name]);
    window.addEventListener("pagehide", function () { source.close(); });
    return source;
  }

  if (kind === "plan") {
    let shown = Number(body.dataset.doc || 0);
    let wanted = shown;
    const area = document.getElementById("kh-docarea");
    const problems = document.getElementById("kh-problems");
    function swap(version) {
      wanted = version;
      const next = document.createElement("iframe");
      next.className = "kh-doc";
      next.title = document.title;
      next.style.cssText = "position:absolute;visibility:hidden;";
      next.addEventListener("load", function () {
        if (version !== wanted) { next.remove(); return; }
        const old = document.getElementById("kh-doc");
        const missing = document.getElementById("kh-doc-missing");
        try { next.contentWindow.scrollTo(0, old ? old.contentWindow.scrollY : 0); } catch (e) { /* same origin: never */ }
        next.style.cssText = "";
        next.id = "kh-doc";
        if (old) old.remove();
        if (missing) missing.remove();
        shown = version;
        body.dataset.doc = String(version);
      });
      next.src = "/doc/" + planUrl + "?v=" + version;
      area.insertBefore(next, problems);
    }
    connect("/events?plan=" + encodeURIComponent(plan), {
      plan: function (event) {
        const state = JSON.parse(event.data);
        problems.innerHTML = state.problems;
        body.dataset.version = String(state.version);
        body.dataset.errors = String(state.errors);
        if (state.title) document.title = state.title + " · kehoach";
        if (state.doc && state.doc !== shown && state.doc !== wanted) swap(state.doc);
      },
    });
  } else if (kind === "progress" || kind === "report") {
    connect("/events?plan=" + encodeURIComponent(plan) + "&kenh=" + kind, {
      changed: function () {
        if (kind === "report") {
          const frame = document.getElementById("kh-doc");
          if (frame) { frame.contentWindow.location.reload(); }
          return;
        }
        const editing = document.activeElement && document.activeElement.closest && document.activeElement.closest("form.kh-form");
        if (!editing) { window.location.reload(); return; }
        live.hidden = false; live.className = "kh-live off";
        live.innerHTML = "";
        const again = document.createElement("a");
        again.href = window.location.href; again.textContent = "Tệp đã thay đổi: tải lại";
        live.appendChild(again);
      },
    });
  } else if (kind === "index" || kind === "province") {
    let busy = false;
    let pending = false;
    function refresh() {
      if (busy) { pending = true; return; }
      busy = true;
      if (kind === "province") { window.location.reload(); return; }
      const day = body.dataset.ngay;
      fetch("/?phan=bang" + (day ? "&ngay=" + encodeURIComponent(day) : ""), { cache: "no-store" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          document.getElementById("kh-rows").outerHTML = html;
          const fresh = document.getElementById("kh-rows");
          const counts = document.getElementById("kh-counts");
          const left = Number(fresh.dataset.pending);
          const failing = Number(fresh.dataset.failing);
          counts.textContent = fresh.dataset.total + " kế hoạch"
            + (left ? "; đang kiểm tra " + left + " kế hoạch" : "")
            + (failing ? "; " + failing + " kế hoạch có lỗi" : "")
            + ". Tình trạng nhiệm vụ tính đến ngày " + counts.dataset.day + ".";
          applyFilter();
        })
        .finally(function () { busy = false; if (pending) { pending = false; refresh(); } });
    }
    connect("/events", {
      index: function (event) {
        const state = JSON.parse(event.data);
        const shown = kind === "province" ? body.dataset.version : document.getElementById("kh-rows").dataset.version;
        if (String(state.version) === shown) return;
        if (kind === "province" && state.done < state.total) return;  // reloaded once checking is done
        refresh();
      },
    });
  }

  // The index's filter: every word typed must appear in the row (accents and case ignored).
  const filter = document.getElementById("kh-filter");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function applyFilter() {
    if (!filter) return;
    const words = fold(filter.value).split(/\s+/).filter(Boolean);
    for (const row of document.querySelectorAll("#kh-rows tr")) {
      const text = fold(row.textContent);
      row.hidden = !words.every(function (w) { return text.includes(w); });
    }
  }
  if (filter) filter.addEventListener("input", applyFilter);
})();

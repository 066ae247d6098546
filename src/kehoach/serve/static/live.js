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

  // A page brought up to date in place: the same address fetched again and its <main> swapped
  // in. No page ever reloads itself: a reload throws away what the person was reading (scroll,
  // an open form) and leaves the page blank while the new one loads.
  function fetched(url) {
    return fetch(url, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }
  function swapMain(fresh, keep) {
    const main = document.querySelector("main");
    const next = fresh.querySelector("main");
    if (!main || !next) return;
    // What the person is typing into (a part of <main> directly under it, `keep`) stays where it
    // is, untouched: moving it, even into the new page, would take the focus away from it.
    const focused = document.activeElement;
    const mine = keep ? main.querySelector(":scope > " + keep) : null;
    const theirs = keep ? next.querySelector(":scope > " + keep) : null;
    if (mine && theirs && mine.contains(focused)) {
      for (const node of Array.from(main.childNodes)) if (node !== mine) node.remove();
      let before = true;
      for (const node of Array.from(next.childNodes)) {
        if (node === theirs) { before = false; continue; }
        const adopted = document.adoptNode(node);
        if (before) main.insertBefore(adopted, mine); else main.appendChild(adopted);
      }
    } else {
      main.replaceWith(document.adoptNode(next));
    }
    for (const key of ["pending", "version"]) {
      if (fresh.body.dataset[key] !== undefined) body.dataset[key] = fresh.body.dataset[key];
    }
  }

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
          fetched(window.location.href).then(function (fresh) {
            const side = document.getElementById("kh-report-parts");
            const next = fresh.getElementById("kh-report-parts");
            if (side && next) side.replaceWith(document.adoptNode(next));
            const frame = document.getElementById("kh-doc");
            if (frame) { frame.contentWindow.location.reload(); }
          });
          return;
        }
        // A record being written, or a refusal being read, is not swept away: the page offers
        // the new state instead.
        const editing = document.activeElement && document.activeElement.closest && document.activeElement.closest("form.kh-form");
        if (!editing && !document.getElementById("kh-refused")) {
          fetched(window.location.pathname + window.location.search).then(function (fresh) { swapMain(fresh); });
          return;
        }
        live.hidden = false; live.className = "kh-live off";
        live.innerHTML = "";
        const again = document.createElement("a");
        again.href = window.location.pathname + window.location.search; again.textContent = "Tệp đã thay đổi: tải lại";
        live.appendChild(again);
      },
    });
  } else if (kind === "index" || kind === "province") {
    let busy = false;
    let pending = false;
    function refresh() {
      if (busy) { pending = true; return; }
      busy = true;
      if (kind === "province") {
        fetched(window.location.pathname + window.location.search)
          .then(function (fresh) { swapMain(fresh, "form.kh-asof"); })
          .finally(function () { busy = false; if (pending) { pending = false; refresh(); } });
        return;
      }
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
        if (kind === "province" && state.done < state.total) return;  // redrawn once checking is done
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

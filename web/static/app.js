// dossier workbench: keyboard moves in the queue, zoom and turn in the
// page viewer. Everything else is plain HTML and htmx.
(function () {
  "use strict";
  function rows() { return Array.from(document.querySelectorAll("table.queue tbody tr[data-href]")); }
  var sel = -1;
  function select(i) {
    var rs = rows();
    if (!rs.length) return;
    sel = Math.max(0, Math.min(rs.length - 1, i));
    rs.forEach(function (r, k) { r.classList.toggle("sel", k === sel); });
    rs[sel].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (!rows().length) return;
    if (e.key === "j") { select(sel + 1); e.preventDefault(); }
    else if (e.key === "k") { select(sel - 1); e.preventDefault(); }
    else if (e.key === "Enter" && sel >= 0) { window.location = rows()[sel].dataset.href; }
  });
  document.addEventListener("click", function (e) {
    var tr = e.target.closest && e.target.closest("table.queue tbody tr[data-href]");
    if (tr && !e.target.closest("a, button")) window.location = tr.dataset.href;
    var b = e.target.closest && e.target.closest("[data-act]");
    if (!b || b.type === "checkbox") return;
    var v = b.closest(".viewer"), svg = v && v.querySelector("svg.page");
    if (!svg) return;
    var zoom = parseFloat(v.dataset.zoom || "1"), turn = parseInt(v.dataset.turn || "0", 10);
    if (b.dataset.act === "zoom-in") zoom = Math.min(4, zoom * 1.25);
    if (b.dataset.act === "zoom-out") zoom = Math.max(0.5, zoom / 1.25);
    if (b.dataset.act === "turn") turn = (turn + 90) % 360;
    v.dataset.zoom = zoom; v.dataset.turn = turn;
    svg.style.setProperty("--zoom", zoom);
    svg.style.transform = turn ? "rotate(" + turn + "deg)" : "";
  });
  document.addEventListener("change", function (e) {
    var b = e.target;
    if (!b.dataset || !b.dataset.act) return;
    var v = b.closest(".viewer");
    if (b.dataset.act === "words") v.classList.toggle("hide-words", !b.checked);
    if (b.dataset.act === "seals") v.classList.toggle("hide-seals", !b.checked);
  });
  // A thumbnail swapped in marks itself current.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "viewer") {
      document.querySelectorAll(".thumb.current").forEach(function (a) { a.classList.remove("current"); });
      var a = e.detail.requestConfig && e.detail.requestConfig.elt;
      if (a && a.classList) a.classList.add("current");
    }
  });
})();

// Story list: sort by a column header and filter by date, entity and outlet, without a request.
(function () {
  var table = document.getElementById("story-table");
  if (!table) return;
  var body = table.tBodies[0], form = document.getElementById("story-filters");
  function val(id) { var e = document.getElementById(id); return e ? e.value.trim().toLowerCase() : ""; }
  function apply() {
    var ent = val("f-entity"), out = val("f-outlet"), from = val("f-from"), to = val("f-to"), shown = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var d = r.dataset, ok = (!ent || d.entities.indexOf(ent) >= 0) &&
        (!out || d.outlets.split("\n").indexOf(out) >= 0) &&
        (!from || (d.last || "") >= from) && (!to || (d.first || "~") <= to + "~");
      r.hidden = !ok; if (ok) shown++;
    });
    document.getElementById("story-count").textContent = shown;
  }
  if (form) {
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { if (table.dataset.static) { e.preventDefault(); apply(); } });
  }
  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
    th.addEventListener("click", function () {
      var key = th.dataset.sort, desc = th.dataset.dir !== "desc";
      th.dataset.dir = desc ? "desc" : "asc";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.dataset[key] || "", y = b.dataset[key] || "";
        var c = key === "articles" || key === "outlets_n" ? (+x) - (+y) : x.localeCompare(y);
        return desc ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();

/* pufa: the few page behaviours that need JavaScript, in one theme file (page content carries no
   scripts). Every control they serve is marked .pufa-needs-js and hidden while JavaScript is off
   (pufa.css), so no reader sees a box or button that does nothing. Event delegation on document:
   it keeps working across Material's instant navigation, which swaps pages without reloading this. */
(function () {
  /* Roster pages: filter the list by village or name as the reader types (also IME, paste, voice). */
  function filterRoster(query) {
    var q = query.trim();
    document.querySelectorAll(".pufa-village").forEach(function (village) {
      var hit = !q || village.dataset.village.indexOf(q) >= 0, shown = 0;
      village.querySelectorAll("li").forEach(function (row) {
        var ok = hit || row.dataset.name.indexOf(q) >= 0;
        row.hidden = !ok;
        shown += ok;
      });
      village.hidden = !shown;
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.id === "pufa-roster-filter") filterRoster(event.target.value);
  });

  /* 404 page: "搜索本站" opens Material's search dialog, as the magnifier in the header does. */
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-pufa-open-search]");
    if (!opener) return;
    var toggle = document.getElementById("__search");
    if (!toggle) return;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    var input = document.querySelector("[data-md-component=search-query]");
    if (input) input.focus();
  });
})();

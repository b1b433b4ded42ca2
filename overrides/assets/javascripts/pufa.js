/* pufa: the page behaviours that need JavaScript, in one theme file (page content carries no
   scripts). Loaded right after Material's bundle, once the page is drawn (pageload.py), hence
   `document$` is there. Every control they serve is marked .pufa-needs-js (or
   is the A+ button) and hidden while JavaScript is off (pufa.css), so no reader sees a box or
   button that does nothing. Event delegation on document: it keeps working across Material's
   instant navigation, which swaps pages without reloading this file. */
(function () {
  /* The A+ button in the header (partials/header.html): large text on or off, remembered on this
     device. Its accessible name follows from the label CSS shows; the tooltip is set here.
     Material's tooltips (content.tooltips) copy a header button's title once, when the header is
     set up, show that copy on hover and put it back as the title when the pointer leaves. So the
     copy is changed with the state (Material reuses its tooltip node for every hover, and the node
     is in the page, named by aria-describedby, while the button is hovered or focused, which is
     when it is pressed), and a stale title put back is corrected as soon as it appears. */
  function syncTextSize(button) {
    var label = document.documentElement.classList.contains("pufa-large") ? "恢复默认字号" : "放大文字";
    if (button.title !== label) button.title = label;
    var tip = document.getElementById(button.getAttribute("aria-describedby") || "");
    var text = tip && tip.querySelector(".md-typeset");
    if (text && text.textContent !== label) text.textContent = label;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".pufa-textsize");
    if (!button) return;
    var on = document.documentElement.classList.toggle("pufa-large");
    try { localStorage.setItem("pufa-large-text", on ? "1" : "0"); } catch (e) {}
    syncTextSize(button);
  });
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.target.classList.contains("pufa-textsize") && change.target.hasAttribute("title")) syncTextSize(change.target);
    });
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["title"] });

  /* Scrollable table wrappers become focusable, so keyboard users can scroll them (WCAG 2.1.1),
     each named by the heading or bold caption above it, numbered if that repeats: a page's
     regions must be told apart (axe landmark-unique). */
  function nameTables() {
    var used = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var name = "";
      for (var el = wrap.previousElementSibling; el && !name; el = el.previousElementSibling) {
        var strong = el.tagName === "P" && el.children.length === 1 && el.firstElementChild.tagName === "STRONG";
        if (/^H[1-6]$/.test(el.tagName) || strong) name = el.textContent.replace("\u00b6", "").trim();
      }
      var label = (name ? name + " " : "") + "表格（可左右滚动）";
      used[label] = (used[label] || 0) + 1;
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", used[label] > 1 ? label + " " + used[label] : label);
    });
  }

  /* Now, before Material's tooltips read the button's title when the document is ready. */
  document.querySelectorAll(".pufa-textsize").forEach(syncTextSize);

  /* Each page, as loaded and as instant navigation brings it. */
  document$.subscribe(function () {
    document.querySelectorAll(".pufa-textsize").forEach(syncTextSize);
    nameTables();
  });

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

  /* Lists and tables with filters (a box with data-pufa-filter-for="<id of the list>"): its
     search box (data-pufa-filter="text") matches an item's text, its menu (data-pufa-filter="tag")
     one of the item's data-pufa-tags ("|law|law|"); items that do not match are hidden and the
     box's .pufa-filter-count says how many are shown. Used by generated pages (kinds/). */
  function applyFilters(box) {
    var list = document.getElementById(box.dataset.pufaFilterFor);
    if (!list) return;
    var text = box.querySelector("[data-pufa-filter=text]"), menu = box.querySelector("[data-pufa-filter=tag]");
    var q = text ? text.value.trim() : "", tag = menu ? menu.value : "", shown = 0;
    var items = list.querySelectorAll("[data-pufa-tags]");
    items.forEach(function (item) {
      var ok = (!q || item.textContent.indexOf(q) >= 0) && (!tag || item.dataset.pufaTags.indexOf("|" + tag + "|") >= 0);
      item.hidden = !ok;
      shown += ok;
    });
    var count = box.querySelector(".pufa-filter-count");
    if (count) count.textContent = q || tag ? "显示 " + shown + " 项，共 " + items.length + " 项" : "";
  }
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var box = event.target.closest && event.target.closest("[data-pufa-filter-for]");
      if (box) applyFilters(box);
    });
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

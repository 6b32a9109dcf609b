# ruff: noqa: E501  (the JavaScript evaluated in the page is kept readable, one statement a line)
"""What every journey checks on every page it visits.

- Layout at 1366 px: the page does not scroll sideways, no table has columns hidden in a
  scrolling region (a clipped column), and the focused element is on screen and not covered
  (by the sticky section bar, say).
- axe-core (WCAG 2.1 A and AA rules) at 1280 px and at 320 px, injected with page.evaluate (the
  app's strict CSP would refuse a script tag): zero violations, reported with rule, element, page.
- Reflow at 320 px: the page itself does not scroll sideways (tables may, inside a focusable,
  labelled region).
- No raw code in the page's text (a value such as `ordinary_job` or `jobparat_3_months` shown
  instead of its Danish label).
"""

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE_SOURCE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 320)
LAYOUT = {"width": 1366, "height": 768}
RAW_CODE = re.compile(r"\b[a-z]{2,}_[a-z0-9_]{2,}\b")

_totals: dict[int, dict[str, int]] = defaultdict(lambda: {"pages": 0, "violations": 0})


def axe_summary() -> dict[int, dict[str, int]]:
    return dict(_totals)


OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  return {scroll: doc.scrollWidth, client: doc.clientWidth};
}"""

# Tables whose scrolling region hides columns (at 1366 px nothing may be cut off).
CLIPPED_TABLES_JS = """() => {
  const clipped = [];
  for (const table of document.querySelectorAll("main table")) {
    if (!table.offsetParent) continue;
    let box = table.parentElement;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      if (["auto", "scroll", "hidden"].includes(style.overflowX)) break;
      box = box.parentElement;
    }
    if (!box || box === document.body) continue;
    if (box.scrollWidth > box.clientWidth + 1) {
      const caption = table.querySelector("caption");
      clipped.push((caption ? caption.textContent.trim() : table.className || "table")
        + ` (${box.scrollWidth} > ${box.clientWidth} px)`);
    }
  }
  return clipped;
}"""

# The focused element: on screen and the topmost element at its centre (not under a sticky bar).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {ok: false, why: "focus on <body>"};
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return {ok: false, why: "focused element has no size: " + el.outerHTML.slice(0, 120)};
  const x = Math.min(Math.max(r.left + Math.min(r.width, 40) / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), innerHeight - 1);
  if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth)
    return {ok: false, why: "focused element off screen: " + el.outerHTML.slice(0, 120)};
  const top = document.elementFromPoint(x, y);
  const covered = top && !(el.contains(top) || top.contains(el));
  return {ok: !covered, why: covered ? "focused element covered by " + top.outerHTML.slice(0, 120) : ""};
}"""


class PageChecker:
    def __init__(self, page, *, journey: str) -> None:
        self.page = page
        self.journey = re.sub(r"[^A-Za-z0-9_-]+", "-", journey)
        self.count = 0

    def __call__(self, name: str, *, focus: bool = False) -> None:
        """Check the page as it is now; `focus`: the focused element must be visible too."""
        page = self.page
        page.wait_for_load_state("networkidle")
        self.count += 1
        shot = ARTIFACTS / "pages" / f"{self.journey}-{self.count:02d}-{name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret writes style="" on the inputs, which htmx's history
        # snapshot then re-parses, and the strict CSP refuses (a console error the test made).
        page.screenshot(path=str(shot), caret="initial")
        problems: list[str] = []
        size = page.evaluate(OVERFLOW_JS)
        if size["scroll"] > size["client"] + 1:
            problems.append(f"the page scrolls sideways at 1366 px ({size['scroll']} px wide)")
        problems += [f"clipped table at 1366 px: {t}" for t in page.evaluate(CLIPPED_TABLES_JS)]
        text = page.evaluate("() => (document.querySelector('main') || document.body).innerText")
        problems += [f"raw code shown: {code}" for code in sorted(set(RAW_CODE.findall(text)))]
        if focus:
            state = page.evaluate(FOCUS_JS)
            if not state["ok"]:
                problems.append(state["why"])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)
            problems += self._axe(name, width)
            if width == 320:
                size = page.evaluate(OVERFLOW_JS)
                if size["scroll"] > size["client"] + 1:
                    problems.append(f"no reflow at 320 px: the page is {size['scroll']} px wide")
        page.set_viewport_size(LAYOUT)
        assert not problems, f"{name} ({page.url}):\n  " + "\n  ".join(problems)

    def _axe(self, name: str, width: int) -> list[str]:
        page = self.page
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_SOURCE.read_text() + "\n;true")
        result = page.evaluate(
            "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }",
            AXE_TAGS,
        )
        _totals[width]["pages"] += 1
        _totals[width]["violations"] += len(result)
        return [
            f"axe at {width} px: {v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}"
            for v in result
        ]

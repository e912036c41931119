"""The HTML book in a real browser: headless Chromium from Debian, driven over the
DevTools protocol on a pipe (see ``cdp.py``; standard library only).

One browser session visits every page of a book built for the registered
results and checks that it loads without errors, that every ``<math>`` element
is laid out as MathML with a non-zero box (fractions stacked, superscripts
raised), that the number of ``<math>`` elements is the number in the file and
at least one per step and per result, and that every link resolves to a file of
the book and, for ``#fragment``, to an element of that page.  It takes
screenshots of three pages (set MOMENTUM_SYM_SCREENSHOTS=DIR to keep copies).
In the same session it loads a page built to fail each check, to show that the
checks catch what they are meant to.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from momentum_sym.html import write_book
from tests.html.cdp import Browser, chromium_binary
from tests.html.conftest import AUDIT_ROWS

SCREENSHOTS = ("index.html", "gd-loss-decomposition.html", "momentum-iteration-matrix.html")

#: What the page looks like from inside, as JSON-able values.
PROBE = r"""
(() => {
  const maths = Array.from(document.querySelectorAll('math'));
  const box = (e) => e.getBoundingClientRect();
  const unrendered = maths.filter((m) => {
    const r = box(m);
    const display = getComputedStyle(m).display;
    return !(r.width > 0 && r.height > 0) || !display.includes('math');
  }).map((m) => m.outerHTML.slice(0, 160));
  const unstacked = Array.from(document.querySelectorAll('mfrac')).filter((f) => {
    const top = box(f.children[0]), bottom = box(f.children[1]);
    return !(top.bottom <= bottom.top + 1);
  }).length;
  const unraised = Array.from(document.querySelectorAll('msup')).filter((s) => {
    const base = box(s.children[0]), script = box(s.children[1]);
    return !(script.top < base.top || script.bottom < base.bottom);
  }).length;
  const steps = Array.from(document.querySelectorAll('ol.steps > li'));
  return {
    title: document.title,
    lang: document.documentElement.lang,
    doctype: document.doctype ? document.doctype.name : null,
    charset: document.characterSet,
    scripts: document.scripts.length,
    styled: getComputedStyle(document.querySelector('nav.top')).display === 'flex',
    resources: performance.getEntriesByType('resource').map((e) => e.name),
    maths: maths.length,
    unrendered: unrendered,
    unstacked: unstacked,
    unraised: unraised,
    steps: steps.length,
    stepsWithoutMath: steps.filter((s) => !s.querySelector('math[display="block"]'))
                           .map((s) => s.id),
    results: Array.from(document.querySelectorAll('dl.results dt')).map((dt) => dt.id),
    resultsWithoutMath: Array.from(document.querySelectorAll('dl.results dd'))
                             .filter((dd) => !dd.querySelector('math')).length,
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
    ids: Array.from(document.querySelectorAll('[id]')).map((e) => e.id),
  };
})()
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = chromium_binary()
    if binary is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install -y chromium); "
                    "CI installs it, so this test runs there")
    return binary


BROKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>broken</title></head><body>
<nav class="top"></nav>
<p><a href="nowhere.html">dangling</a> <a href="#no-such-id">missing fragment</a>
<a href="https://example.invalid/">external</a></p>
<math display="block" style="display: none"><mi>x</mi></math>
<p><math><mfrac><mi>a</mi><mi>b</mi></mfrac></math></p>
<script>console.error("on purpose"); undefined_function();</script>
</body></html>
"""


def visit(browser: Browser, folder: Path, shots: Path | None = None) -> tuple[dict, list[str]]:
    """Load every page of ``folder``; what each looked like and the errors reported."""
    seen: dict[str, dict] = {}
    problems: list[str] = []
    for page in sorted(folder.glob("*.html")):
        browser.navigate(page.as_uri())
        seen[page.name] = browser.evaluate(PROBE)
        problems += [f"{page.name}: {e}" for e in browser.errors()]
        if shots is not None and page.name in SCREENSHOTS:
            browser.screenshot(shots / (page.stem + ".png"))
    return seen, problems


def link_problems(folder: Path, seen: dict[str, dict]) -> list[str]:
    """Links that do not lead to a page of ``folder`` or to an element of it."""
    problems = []
    for name, info in seen.items():
        for link in info["links"]:
            parts = urlsplit(link)
            target = Path(unquote(parts.path))
            if parts.scheme != "file" or target.parent != folder or not target.is_file():
                problems.append(f"{name}: link {link} does not resolve to a page of the book")
            elif parts.fragment and unquote(parts.fragment) not in seen[target.name]["ids"]:
                problems.append(f"{name}: link {link}: no element #{parts.fragment}")
    return problems


def test_book_in_chromium(chromium, registered, tmp_path):
    started = time.monotonic()
    write_book(tmp_path, registered, list(AUDIT_ROWS))
    built = time.monotonic()
    folder = (tmp_path / "html").resolve()
    pages = sorted(folder.glob("*.html"))
    derivations = {f"{d.id}.html": d for d, _ in registered}
    assert {p.name for p in pages} == {"index.html", "audit.html", *derivations}
    control = (tmp_path / "control").resolve()
    control.mkdir()
    (control / "broken.html").write_text(BROKEN, encoding="utf-8")

    shots = tmp_path / "screenshots"
    shots.mkdir()
    browser = Browser(chromium, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        browser.open_page()
        seen, problems = visit(browser, folder, shots)
        browsed = time.monotonic()
        broken_seen, broken_errors = visit(browser, control)
    finally:
        browser.close()

    # the checks below catch what they are meant to: a page built to fail them
    broken = broken_seen["broken.html"]
    assert any("on purpose" in e for e in broken_errors), broken_errors
    assert any("undefined_function" in e for e in broken_errors), broken_errors
    assert len(broken["unrendered"]) == 1 and broken["maths"] == 2 and broken["scripts"] == 1
    assert len(link_problems(control, broken_seen)) == 3

    for name, info in seen.items():
        text = (folder / name).read_text(encoding="utf-8")
        where = f"{name}:"
        assert info["doctype"] == "html" and info["lang"] == "en", where
        assert info["charset"] == "UTF-8" and info["title"], where
        assert info["scripts"] == 0, f"{where} has JavaScript"
        assert info["styled"], f"{where} style.css not applied"
        assert all(r.startswith("file://") for r in info["resources"]), (where, info["resources"])
        assert info["maths"] == text.count("<math "), f"{where} <math> elements lost in parsing"
        assert not info["unrendered"], (where, info["unrendered"][:3])
        assert info["unstacked"] == 0 and info["unraised"] == 0, (where, info)
        if name in derivations:
            d = derivations[name]
            assert info["steps"] == len(d.steps), where
            assert not info["stepsWithoutMath"], (where, info["stepsWithoutMath"])
            assert info["results"] == [f"result-{r}" for r in d.results], where
            assert info["resultsWithoutMath"] == 0, where
            assert info["maths"] >= len(d.steps) + len(d.results), where
    assert seen["audit.html"]["maths"] >= 3  # formulas and a correction typeset
    problems += link_problems(folder, seen)
    assert not problems, "\n".join(problems)

    for name in SCREENSHOTS:
        shot = shots / (Path(name).stem + ".png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    keep = os.environ.get("MOMENTUM_SYM_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in shots.iterdir():
            shutil.copy(shot, Path(keep) / shot.name)
    print(f"\nbook: {len(pages)} pages built in {built - started:.1f} s, "
          f"browsed in {browsed - built:.1f} s")

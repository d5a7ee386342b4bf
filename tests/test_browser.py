"""The sample book as a person sees it: a real browser, no network, WCAG 2.2 AA checked by axe-core.

Drives Debian's chromium (`/usr/bin/chromium`, installed by `make test` when missing — never
`playwright install`) through the `playwright` Python package. Every request that is not a local
file is aborted and recorded, so a CDN script, web font or analytics call fails the test. Every HTML
page of the built book is opened; each chart container must end up holding vega-embed's live view,
the page must log no console errors, and axe-core (npm package, injected from node_modules, see
package.json) must find no serious or critical violation.

Run with `-s` to see what was checked.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--disable-extensions", "--disable-domain-reliability", "--metrics-recording-only"]
# Files under html/ that are not pages: the theme's Jinja macro templates copied into _static.
NOT_PAGES = ("_static/",)
# Harmless console noise from Jupyter Book 1 (its thebe snippet declares this constant on every page).
IGNORED_CONSOLE = ("THEBE_JS_URL",)
# Schemes that never reach the network.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
FAIL_IMPACTS = ("serious", "critical")
CHART_TIMEOUT_MS = 15_000

# After load: wait until vega-embed has taken over every chart container (or give up quietly and let
# the assertions say which did not).
WAIT_FOR_CHARTS = """() => Array.from(document.querySelectorAll('.pb-vega'))
    .every(el => el.classList.contains('vega-embed') && el.querySelector('svg, canvas'))"""
CHART_STATE = """() => Array.from(document.querySelectorAll('.pb-vega')).map(el => ({
    id: el.id,
    embedded: el.classList.contains('vega-embed'),
    svg: el.querySelectorAll('svg').length,
    canvas: el.querySelectorAll('canvas').length,
    marks: el.querySelectorAll('svg.marks, canvas.marks').length,
    label: (el.querySelector('svg') || {getAttribute: () => null}).getAttribute('aria-label'),
    legends: el.querySelectorAll('.role-legend').length,
    colours: new Set(Array.from(el.querySelectorAll('svg.marks .role-mark [fill], svg.marks .role-mark[fill]'))
        .filter(e => !e.closest('.role-legend, .role-axis, .role-title'))
        .map(e => (e.getAttribute('fill') || '').toLowerCase())
        .filter(f => f && !['none', 'transparent', '#fff', '#ffffff', 'white', '#000', '#000000', 'black',
                            '#222', '#222222'].includes(f))).size,
}))"""
AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


@dataclass
class PageResult:
    name: str
    charts: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    vega_embed_loaded: bool = False
    axe_violations: list[dict] = field(default_factory=list)
    axe_version: str = ""

    @property
    def failing_axe(self) -> list[dict]:
        return [v for v in self.axe_violations if v["impact"] in FAIL_IMPACTS]


REDIRECT = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)


def redirect_target(path: Path) -> str | None:
    """Jupyter Book writes index.html as a one-line meta-refresh to the root page."""
    text = path.read_text(encoding="utf-8", errors="replace")
    m = REDIRECT.search(text) if len(text) < 1000 else None  # a stub, not a page that mentions refresh
    return m.group(1) if m else None


def all_html(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html")
                  if not p.relative_to(html_dir).as_posix().startswith(NOT_PAGES))


def book_pages(html_dir: Path) -> list[Path]:
    """Every page of the built book (search and genindex included: both work from file://), without the
    redirect stubs, whose targets are pages themselves (see test_redirects_point_to_pages)."""
    return [p for p in all_html(html_dir) if redirect_target(p) is None]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (`make test` installs it "
                    "with apt-get when run as root); the offline browser test needs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), (f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (or `make test`, which does) "
                          "to install axe-core from package-lock.json")
    return AXE.read_text(encoding="utf-8")


def visit(context, html_dir: Path, page_path: Path, axe_source: str) -> PageResult:
    """Open one page offline, let vega-embed run, record what happened and run axe-core on it."""
    res = PageResult(page_path.relative_to(html_dir).as_posix())

    def on_route(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            res.blocked.append(url)
            route.abort()

    def on_console(msg):
        text = msg.text
        if any(s in text for s in IGNORED_CONSOLE):
            return
        if msg.type == "error":
            res.console_errors.append(text)
        elif msg.type == "warning":
            res.console_warnings.append(text)

    def on_failed(request):
        if request.url.startswith("file:"):
            res.missing_files.append(f"{request.url} ({request.failure})")

    page = context.new_page()
    page.route("**/*", on_route)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: None if any(s in str(exc) for s in IGNORED_CONSOLE)
            else res.console_errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", on_failed)
    try:
        page.goto(page_path.as_uri(), wait_until="load")
        if page.locator(".pb-vega").count():
            try:
                page.wait_for_function(WAIT_FOR_CHARTS, timeout=CHART_TIMEOUT_MS)
            except Exception:  # the chart assertions report which container stayed static
                pass
        res.charts = page.evaluate(CHART_STATE)
        res.vega_embed_loaded = page.evaluate("() => typeof window.vegaEmbed === 'function'")
        page.add_script_tag(content=axe_source)  # inline: no request, nothing from the network
        res.axe_version = page.evaluate("() => axe.version")
        res.axe_violations = page.evaluate(AXE_RUN)
    finally:
        page.close()
    return res


@pytest.fixture(scope="session")
def offline_book(sample_build, browser, axe_source) -> dict[str, PageResult]:
    """Every page of the sample book, visited once offline; page name -> what was seen."""
    html_dir = sample_build / "html"
    pages = book_pages(html_dir)
    assert pages, f"no HTML pages under {html_dir}"
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        results = {p.relative_to(html_dir).as_posix(): visit(context, html_dir, p, axe_source) for p in pages}
    finally:
        context.close()
    charts = sum(len(r.charts) for r in results.values())
    stubs = [p.relative_to(html_dir).as_posix() for p in all_html(html_dir) if redirect_target(p)]
    print(f"\n[browser] {len(results)} pages opened offline from file:// (not opened: {', '.join(NOT_PAGES)}* — "
          f"theme template macros, not pages; redirect stubs {', '.join(stubs) or 'none'}); "
          f"{charts} chart containers")
    for r in results.values():
        live = sum(1 for c in r.charts if c["embedded"] and (c["svg"] or c["canvas"]))
        print(f"  {r.name:32s} charts {live}/{len(r.charts)} live · console errors {len(r.console_errors)}"
              f" · blocked {len(r.blocked)} · axe {len(r.axe_violations)} violation(s)"
              f" ({len(r.failing_axe)} serious/critical)")
    return results



def load_quietly(page, path: Path) -> None:
    """Open a page and give vega-embed its time (the chart assertions, where there are any, say which
    container stayed static)."""
    page.goto(path.as_uri(), wait_until="load")
    if page.locator(".pb-vega").count():
        try:
            page.wait_for_function(WAIT_FOR_CHARTS, timeout=CHART_TIMEOUT_MS)
        except Exception:
            pass


def offline_context(browser, blocked: list | None = None, **options):
    """A browser context in which every request that is not a local file is aborted (and recorded)."""
    context = browser.new_context(service_workers="block", **options)

    def route(r):
        if r.request.url.startswith(LOCAL_SCHEMES):
            return r.continue_()
        if blocked is not None:
            blocked.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    return context


def test_book_has_pages_and_charts(offline_book):
    """Guard against a vacuous pass: every chapter page was opened and charts were there to check."""
    chapters = [n for n in offline_book if n.startswith("chapters/")]
    assert "intro.html" in offline_book
    assert chapters, "no chapter pages in the sample book"
    assert sum(len(r.charts) for r in offline_book.values()) > 0, "the sample book has no charts to check"


def test_redirects_point_to_pages(sample_build):
    html_dir = sample_build / "html"
    stubs = {p: redirect_target(p) for p in all_html(html_dir) if redirect_target(p)}
    assert html_dir / "index.html" in stubs, "index.html should send readers to the book's first page"
    for stub, target in stubs.items():
        assert (stub.parent / target).resolve() in {p.resolve() for p in book_pages(html_dir)}, (stub, target)


def test_no_request_leaves_the_page(offline_book):
    blocked = {n: r.blocked for n, r in offline_book.items() if r.blocked}
    print(f"\n[browser] non-file requests: {sum(map(len, blocked.values()))}")
    assert not blocked, "requests to the network (aborted):\n" + json.dumps(blocked, indent=1)


def test_no_missing_local_files(offline_book):
    missing = {n: r.missing_files for n, r in offline_book.items() if r.missing_files}
    assert not missing, "local files the pages asked for but could not load:\n" + json.dumps(missing, indent=1)


def test_no_console_errors(offline_book):
    errors = {n: r.console_errors for n, r in offline_book.items() if r.console_errors}
    warnings = {n: r.console_warnings for n, r in offline_book.items() if r.console_warnings}
    print(f"\n[browser] console errors: {sum(map(len, errors.values()))}; "
          f"warnings (reported, not failed): {sum(map(len, warnings.values()))}")
    for name, texts in warnings.items():
        for text in sorted(set(texts)):
            print(f"  {name}: {texts.count(text)} × {text[:160]}")
    assert not errors, "console errors:\n" + json.dumps(errors, indent=1)


def test_every_chart_rendered_by_vega_embed(offline_book):
    """Each .pb-vega container holds vega-embed's live view (tooltips), not just the static SVG, with its
    alt text, and a legend whenever its marks use more than one colour."""
    problems, total = [], 0
    for name, r in offline_book.items():
        if r.charts:
            assert r.vega_embed_loaded, f"{name}: _static/vega-bundle.js did not define window.vegaEmbed"
        for c in r.charts:
            total += 1
            if not (c["svg"] or c["canvas"]):
                problems.append(f"{name} #{c['id']}: no <svg> or <canvas>")
            elif not c["embedded"]:
                problems.append(f"{name} #{c['id']}: vega-embed did not run (static SVG only)")
            elif c["svg"] + c["canvas"] != 1 or not c["marks"]:
                problems.append(f"{name} #{c['id']}: expected exactly one rendered view, got {c}")
            elif not c["label"]:
                problems.append(f"{name} #{c['id']}: rendered chart has no aria-label (alt text)")
            elif c["colours"] > 1 and not c["legends"]:
                problems.append(f"{name} #{c['id']}: {c['colours']} mark colours but no legend, so the colours "
                                "mean nothing on their own (WCAG 1.4.1 Use of Color)")
    print(f"\n[browser] charts rendered live by vega-embed: {total - len(problems)}/{total}")
    assert not problems, "\n".join(problems)


def test_axe_finds_no_serious_or_critical_violations(offline_book):
    failing, minor = [], {}
    for name, r in offline_book.items():
        for v in r.axe_violations:
            if v["impact"] in FAIL_IMPACTS:
                targets = "; ".join(f"{n['target']}" for n in v["nodes"][:5])
                more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
                failing.append(f"{name}: [{v['impact']}] {v['id']} — {v['help']} — {targets}{more}\n"
                               f"    {v['nodes'][0]['summary']}")
            else:
                minor.setdefault(f"{v['id']} ({v['impact']})", set()).add(name)
    version = next(iter(offline_book.values())).axe_version
    print(f"\n[browser] axe-core {version} on {len(offline_book)} pages: "
          f"{len(failing)} serious/critical violation(s); minor/moderate: "
          + (", ".join(f"{k} on {len(v)} page(s)" for k, v in sorted(minor.items())) or "none"))
    assert not failing, "axe-core serious/critical violations:\n" + "\n".join(failing)


def test_dark_mode_keeps_contrast(sample_build, browser, axe_source):
    """The theme follows the reader's system colour scheme: dark mode must meet contrast too."""
    html_dir = sample_build / "html"
    context = offline_context(browser, color_scheme="dark")
    context.add_init_script("try { localStorage.setItem('mode', 'dark'); } catch (e) {}")
    failing, checked = [], 0
    try:
        for path in book_pages(html_dir):
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            if page.locator(".pb-vega").count():
                page.wait_for_function(WAIT_FOR_CHARTS, timeout=CHART_TIMEOUT_MS)
            assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
            page.add_script_tag(content=axe_source)
            found = page.evaluate("""async () => (await axe.run(document, {preload: false,
                runOnly: ['color-contrast', 'link-in-text-block']})).violations
                .filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.length + ' element(s), e.g. ' + v.nodes[0].target.join(' ')
                     + ' — ' + v.nodes[0].failureSummary.split('\\n').slice(1).join(' ').trim())""")
            failing += [f"{path.relative_to(html_dir).as_posix()}: {f}" for f in found]
            checked += 1
            page.close()
    finally:
        context.close()
    print(f"\n[browser] dark mode: colour contrast checked on {checked} pages, {len(failing)} serious failure(s)")
    assert not failing, "contrast failures in dark mode:\n" + "\n".join(failing)


def test_chart_keeps_its_tooltip(sample_build, browser, offline_book):
    """Hovering a bar shows vega-tooltip's box: the interactive view is really there, offline."""
    html_dir = sample_build / "html"
    name = next((n for n, r in offline_book.items() if r.charts), None)
    assert name, "no page with a chart"
    context = offline_context(browser)
    try:
        page = context.new_page()
        page.goto((html_dir / name).as_uri(), wait_until="load")
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=CHART_TIMEOUT_MS)
        mark = page.locator(".pb-vega svg.marks path[aria-roledescription='bar'], "
                            ".pb-vega svg.marks .mark-rect path, .pb-vega svg.marks .mark-symbol path").first
        mark.scroll_into_view_if_needed()
        mark.hover(force=True)
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        text = tooltip.inner_text()
        print(f"\n[browser] tooltip on {name}: {text.strip().splitlines()[:3]}")
        assert text.strip()
    finally:
        context.close()


def test_print_stylesheet_hides_navigation_and_keeps_figures_whole(sample_build, browser, offline_book):
    """'Print to PDF' of a chapter: no sidebars, header or buttons; charts not split; a table may run on
    to the next page but never splits a row, and repeats its header; headings stay with their text;
    a wide table prints on a landscape page with every column."""
    html_dir = sample_build / "html"
    name = next(n for n, r in offline_book.items() if n.startswith("chapters/") and r.charts)
    context = offline_context(browser)
    try:
        page = context.new_page()
        page.goto((html_dir / name).as_uri(), wait_until="load")
        screen = page.evaluate("() => getComputedStyle(document.querySelector('.bd-sidebar-primary')).display")
        assert screen != "none", "the sidebar should be visible on screen (is the selector still right?)"
        page.emulate_media(media="print")
        shown = page.evaluate("""() => ['.bd-sidebar-primary', '.bd-sidebar-secondary', '.bd-header',
                '.bd-header-article', '.prev-next-area', '.pb-downloads']
            .flatMap(s => Array.from(document.querySelectorAll(s)).map(el => [s, getComputedStyle(el).display]))
            .filter(([s, d]) => d !== 'none').map(([s]) => s)""")
        assert not shown, f"visible when printing: {shown}"
        unbroken = page.evaluate("""() => Array.from(document.querySelectorAll('.pb-chart'))
            .map(el => getComputedStyle(el).breakInside)""")
        assert unbroken and set(unbroken) == {"avoid"}, f"charts may split across pages: {set(unbroken)}"
        tables = page.evaluate("""() => Array.from(document.querySelectorAll('.pb-table-block .pb-table')).map(t => ({
            head: getComputedStyle(t.tHead).display, row: getComputedStyle(t.tBodies[0].rows[0]).breakInside,
            overflow: getComputedStyle(t.closest('.pb-table-scroll')).overflowX}))""")
        assert tables and all(t == {"head": "table-header-group", "row": "avoid", "overflow": "visible"} for t in tables), tables
        headings = page.evaluate("""() => Array.from(document.querySelectorAll('article h2, article h3'))
            .map(h => getComputedStyle(h).breakAfter)""")
        assert headings and set(headings) == {"avoid"}, f"headings may be split from their text: {set(headings)}"
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF"
        print(f"\n[browser] print of {name}: sidebars/header/downloads hidden, {len(unbroken)} charts "
              f"break-inside: avoid, {len(tables)} tables with repeated headers, PDF {len(pdf) // 1024} KiB")
        page.set_viewport_size({"width": 1030, "height": 730})  # A4 landscape, 12 mm margins, at 96 dpi
        page.goto((html_dir / "chapters/surveys.html").as_uri(), wait_until="load")
        page.emulate_media(media="print")
        named = page.evaluate("() => Array.from(document.querySelectorAll('.pb-wide')).map(el => getComputedStyle(el).page)")
        assert named and set(named) == {"wide"}, f"wide tables not on the landscape page: {named}"
        fits = page.evaluate("""() => Array.from(document.querySelectorAll('.pb-wide .pb-table'))
            .map(t => t.scrollWidth <= t.closest('.pb-table-scroll').clientWidth + 1)""")
        page.pdf(format="A4")  # named landscape pages print without error
        assert all(fits), "a wide table is wider than its printed page"
    finally:
        context.close()


def test_search_works_offline(sample_build, browser):
    """The search page finds pages from file:// (its index is a local script).

    Sphinx then fetch()es each hit to show a text snippet; browsers refuse fetch from file:// (CORS), so
    those snippet requests fail with console errors here and only work when the book is served over
    HTTP. They are file requests, not network ones: the page still lists every hit.
    """
    html_dir = sample_build / "html"
    blocked = []
    context = offline_context(browser, blocked)
    try:
        page = context.new_page()
        page.goto((html_dir / "search.html").as_uri() + "?q=missing", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#search-results li a').length > 0",
                               timeout=CHART_TIMEOUT_MS)
        hits = page.evaluate("() => Array.from(document.querySelectorAll('#search-results li a'), a => a.textContent)")
    finally:
        context.close()
    print(f"\n[browser] offline search for 'missing': {len(hits)} page(s), e.g. {hits[:2]}")
    assert not blocked, blocked
    assert any("Missing" in h for h in hits), hits


def test_no_payload_executes_on_any_page_of_the_hostile_edition(hostile_build, browser):
    """Every free-text field of data and params carries script, attribute, Markdown and MyST payloads
    (tests/hostile.py): on every page the document title stays the one the HTML declares, no dialog
    opens, no element the payloads would add exists, and the charts still render."""
    import html as htmllib

    html_dir = hostile_build / "html"
    pages = book_pages(html_dir)
    assert len(pages) >= 10
    context = offline_context(browser, viewport={"width": 1280, "height": 900})
    seen, charts, touched = {}, 0, 0
    try:
        for path in pages:
            dialogs = []
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            load_quietly(page, path)
            charts += sum(1 for c in page.evaluate(CHART_STATE) if c["embedded"])
            touched += page.evaluate(TOUCH_EVERYTHING)  # every element a payload could hide a handler in
            declared = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
            title = page.evaluate("() => document.title")
            planted = page.evaluate("""() => document.querySelectorAll(
                'img[src="x"], svg[onload], b[onclick], [onmouseover*="pwned"], [onfocus*="alert"]').length""")
            seen[path.relative_to(html_dir).as_posix()] = (title, dialogs, planted)
            assert not title.startswith("pwned") and not dialogs and planted == 0, (path.name, title, dialogs, planted)
            if declared:
                assert " ".join(title.split()) == " ".join(htmllib.unescape(declared.group(1)).split()), path.name
            page.close()
    finally:
        context.close()
    print(f"\n[hostile] {len(seen)} pages, {charts} live charts, {touched} elements hovered and focused: "
          "no payload ran")
    assert charts > 10 and touched > 10 * len(seen)


# Hover and focus every element of the page from inside it (DOM events, so an inline on* handler a
# payload planted would run; one evaluate per page where a pointer move per element with a 200 ms
# actionability timeout cost ~80 s), then two animation frames for anything the events scheduled.
TOUCH_EVERYTHING = """async () => {
    const all = Array.from(document.body.querySelectorAll('*'));
    for (const el of all) {
        for (const type of ['mouseover', 'mouseenter', 'mousemove'])
            el.dispatchEvent(new MouseEvent(type, {bubbles: type !== 'mouseenter', cancelable: true}));
        if (typeof el.focus === 'function') { el.focus(); el.dispatchEvent(new FocusEvent('focusin', {bubbles: true})); }
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return all.length;
}"""



def test_the_probe_sets_off_a_planted_handler(browser, tmp_path):
    """TOUCH_EVERYTHING must run what a payload plants (else the hostile test could not fail)."""
    page_file = tmp_path / "planted.html"
    page_file.write_text('<html><head><title>t</title></head><body><p><span onmouseover="alert(1)">a</span>'
                         '<a href="#x" onfocus="alert(2)">b</a><div onmouseenter="document.title=\'pwned\'">c'
                         '</div></p></body></html>')
    context = offline_context(browser)
    try:
        page, dialogs = context.new_page(), []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.as_uri(), wait_until="load")
        assert page.evaluate(TOUCH_EVERYTHING) == 5
        assert sorted(dialogs) == ["1", "2"] and page.evaluate("() => document.title") == "pwned"
    finally:
        context.close()

NARROW = 400  # a phone held upright: no page may be wider than the screen
SCREENSHOTS = ("figures.html", "chapters/surveys.html", "chapters/recruitment.html", "intro.html")


def test_400px_wide_no_page_is_wider_than_the_screen(sample_build, browser, axe_source, tmp_path):
    """At 400 px every page fits the viewport (a wide table scrolls inside its own box, with a visible
    cue), axe-core still finds no serious or critical violation, text is left-aligned and numbers
    right-aligned; screenshots of the widest pages are saved as 400px-<page>.png in tmp_path."""
    html_dir = sample_build / "html"
    context = offline_context(browser, viewport={"width": NARROW, "height": 900})
    too_wide, failing, cues, shots = [], [], 0, []
    try:
        for path in book_pages(html_dir):
            name = path.relative_to(html_dir).as_posix()
            page = context.new_page()
            load_quietly(page, path)
            width = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            if width > NARROW:
                too_wide.append(f"{name}: {width} px")
            cues += page.evaluate("""() => Array.from(document.querySelectorAll('.pb-table-scroll.pb-overflowing'))
                .filter(b => getComputedStyle(b, '::after').content.includes('Scroll')).length""")
            if name == "chapters/recruitment.html":
                align = page.evaluate("""() => { const t = document.querySelector('#recruitment-by-category table');
                    const cells = Array.from(t.tBodies[0].rows[0].cells);
                    return [getComputedStyle(cells[0]).textAlign, getComputedStyle(cells[1]).textAlign]; }""")
                assert align == ["left", "right"], f"category text and numbers: {align}"
            page.add_script_tag(content=axe_source)
            found = page.evaluate(AXE_RUN)
            failing += [f"{name}: [{v['impact']}] {v['id']} — {v['nodes'][0]['target']}" for v in found
                        if v["impact"] in FAIL_IMPACTS]
            if name in SCREENSHOTS:
                shot = tmp_path / f"400px-{name.replace('/', '-').removesuffix('.html')}.png"
                page.screenshot(path=str(shot))
                shots.append(shot)
            page.close()
    finally:
        context.close()
    print(f"\n[browser] at {NARROW} px: {len(book_pages(html_dir))} pages, {len(too_wide)} wider than the screen, "
          f"{cues} wide tables showing the scroll cue, {len(failing)} serious/critical axe violation(s); screenshots:")
    for shot in shots:
        print(f"  {shot}")
    assert not too_wide, too_wide
    assert cues > 0, "no wide table says that it scrolls"
    assert not failing, "\n".join(failing)
    assert len(shots) == len(SCREENSHOTS) and all(s.stat().st_size > 1000 for s in shots)

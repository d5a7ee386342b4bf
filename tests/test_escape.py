"""One escaping rule per context: what each rule lets through, shown on real parsers where there is one."""
import html.parser
import json

import pytest

from panelbook import escape

PAYLOADS = [
    "How I feel\n\n```{literalinclude} /etc/hostname\n```\n",
    "</script><img src=x onerror=\"document.title='pwned'\">",
    "\" onmouseover=\"document.title='pwned'\" x=\"",
    "' autofocus onfocus='document.title=1' '",
    "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))",
    "{download}`/etc/hostname` {{ title }} $x^2$ &amp; &#60;",
    "1. item\n- item\n# heading\n:::{note}\nx\n:::",
    "a\u2028b\u2029c",
]


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_and_attribute_stay_one_text_and_one_attribute(payload):
    p = _Collect()
    p.feed(f'<p title="{escape.html_attr(payload)}" data-x=\'{escape.html_attr(payload)}\'>{escape.html_text(payload)}</p>')
    assert p.tags == ["p"]
    assert p.attrs[0] == {"title": payload, "data-x": payload}
    assert "".join(p.text) == payload
    assert "\n" not in escape.html_text(payload)  # a blank line would end a raw HTML block in MyST


@pytest.mark.parametrize("payload", PAYLOADS)
def test_js_json_cannot_end_the_script_and_round_trips(payload):
    text = escape.js_json({"alt": payload})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"alt": payload}


def _render_myst(source: str) -> str:
    """The HTML docutils makes of a MyST source (the same parser Jupyter Book uses)."""
    from docutils.core import publish_string
    from myst_parser.docutils_ import Parser

    return publish_string(source, parser=Parser(), writer_name="html5",
                          settings_overrides={"output_encoding": "unicode", "report_level": 5,
                                              "myst_enable_extensions": ["dollarmath", "colon_fence", "substitution"],
                                              "raw_enabled": True, "file_insertion_enabled": False})


def _body(rendered: str) -> str:
    import re

    return re.split(r"<main[^>]*>", rendered, maxsplit=1)[-1].split("</main>", 1)[0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_myst_text_renders_as_the_same_text(payload):
    body = _body(_render_myst(f"Before {escape.myst_text(payload)} after.\n"))
    p = _Collect()
    p.feed(body)
    assert p.tags == ["p"], body  # one paragraph: no image, link, code, maths, list or heading
    assert "".join(p.text).strip() == f"Before {escape.one_line(payload)} after."


@pytest.mark.parametrize("payload", PAYLOADS)
def test_myst_text_at_the_start_of_a_line_and_in_a_table_cell(payload):
    body = _body(_render_myst(f"{escape.myst_text(payload)}\n\n| a | b |\n|---|---|\n| {escape.myst_cell(payload)} | x |\n"))
    p = _Collect()
    p.feed(body)
    assert not {"img", "a", "code", "h1", "h2", "ol", "ul", "script", "span", "math"} & set(p.tags), body
    assert p.text.count(escape.one_line(payload)) == 2 or "".join(p.text).count(escape.one_line(payload)) == 2


@pytest.mark.parametrize("payload", PAYLOADS + ["`", "a ``b`` c", "```"])
def test_myst_code_and_fence_keep_the_text_literal(payload):
    body = _body(_render_myst(f"See {escape.myst_code(payload)}.\n\n{escape.myst_fence(payload, 'yaml')}"))
    p = _Collect()
    p.feed(body)
    assert "img" not in p.tags and "a" not in p.tags
    assert escape.one_line(payload) in "".join(p.text)
    shown = payload.replace("\u2028", "<U+2028>").replace("\u2029", "<U+2029>")  # in a block: named, not raw
    assert shown.rstrip("\n") in "".join(p.text)


def test_slug_keeps_safe_ids_and_makes_unique_safe_ones():
    assert escape.slug("survey-consultation_booklet-where_i_live") == "survey-consultation_booklet-where_i_live"
    made = {escape.slug(x) for x in ["a/b", "a b", "a\\b", "A/B", "../etc", "x'\"<>", ""]}
    assert len(made) == 7
    for s in made:
        assert escape._SLUG_SAFE.fullmatch(s), s


def test_formula_safe_neutralises_text_not_numbers():
    for v in ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "- note"]:
        assert escape.formula_safe(v) == "'" + v
        assert escape.formula_restore(escape.formula_safe(v)) == v
    for v in ["-2.5", "+3", "-1,200", "Kent", "", 5, None, "c"]:
        assert escape.formula_safe(v) == v


def test_control_characters_named():
    assert escape.control_characters("a\x0bb\x00") == ["U+0000", "U+000B"]
    assert escape.control_characters("tab\tand\nlines\r") == []
    assert escape.show_controls("a\x0bb") == "a<U+000B>b"


def test_edition_markdown_keeps_plain_commonmark_and_nothing_else():
    """Issue 15: papers.yaml's intros and remarks and audits.how_chosen reach the book as MyST: emphasis,
    code, safe links and lists survive; a directive, role, substitution, maths, HTML or a javascript:
    link is text."""
    from markdown_it import MarkdownIt

    from panelbook.escape import myst_markdown

    kept = "This *reproduces* **Table 1** of `papers.yaml`, see [the pack](https://example.org/a_b).\n\n- one\n- two"
    out = myst_markdown(kept)
    assert "*reproduces*" in out and "**Table 1**" in out and "[the pack](<https://example.org/a_b>)" in out
    assert "\n- one\n- two" in out
    hostile = ("Intro\n\n```{literalinclude} /etc/passwd\n```\n\n{download}`x.txt` {{ title }} $x^2$ "
               "<img src=x onerror=alert(1)> [click](javascript:alert(1))\n\n# A heading\n\n```{raw} html\n<b>\n```")
    out = myst_markdown(hostile)
    rendered = MarkdownIt("commonmark").render(out)
    assert "<img" not in rendered and "<b>" not in rendered and 'href="javascript' not in rendered
    assert "{literalinclude}" in rendered and "```{" not in out  # a directive's fence is a code block's text
    assert "\\{download\\}" in out and "\\$x^2\\$" in out and "\\{\\{ title \\}\\}" in out
    assert "\n# " not in out and "**A heading**" in out
    assert myst_markdown(None) == "" and myst_markdown("  ") == ""

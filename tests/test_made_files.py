"""cache.MadeFiles: a made file (a paper, the workbook) is served only for the same inputs, and never
when its stored bytes were changed."""
from dataclasses import replace

from panelbook import cache as cache_mod


def _maker(calls: list, text: str):
    def make(out):
        calls.append(text)
        out.write_text(text)
    return make


def test_same_inputs_are_made_once_other_inputs_again(tmp_path):
    made, calls, out = cache_mod.MadeFiles(tmp_path / "made"), [], tmp_path / "out.txt"
    for inputs, text in (([b"a", {"to": "Panel"}], "one"), ([b"a", {"to": "Panel"}], "two"),
                         ([b"a", {"to": "Committee"}], "three"), ([b"b", {"to": "Panel"}], "four")):
        cache_mod.made_or_make(made, "paper", lambda: inputs, out, lambda: _maker(calls, text)(out))
    assert calls == ["one", "three", "four"]
    cache_mod.made_or_make(made, "paper", lambda: [b"a", {"to": "Panel"}], out, lambda: _maker(calls, "five")(out))
    assert out.read_text() == "one" and calls == ["one", "three", "four"]
    cache_mod.made_or_make(made, "workbook", lambda: [b"a", {"to": "Panel"}], out, lambda: _maker(calls, "six")(out))
    assert calls[-1] == "six"  # what it is belongs to the key
    cache_mod.made_or_make(None, "paper", lambda: [b"a", {"to": "Panel"}], out, lambda: _maker(calls, "seven")(out))
    assert calls[-1] == "seven"  # without a store: always made


def test_parts_are_not_run_together(tmp_path):
    assert cache_mod.made_key("paper", "ab", "c") != cache_mod.made_key("paper", "a", "bc")


def test_a_changed_stored_file_is_discarded_never_served(tmp_path):
    made, calls, out = cache_mod.MadeFiles(tmp_path / "made"), [], tmp_path / "out.txt"
    cache_mod.made_or_make(made, "paper", lambda: ["x"], out, lambda: _maker(calls, "good")(out))
    (stored,) = [p for p in (tmp_path / "made").rglob("*") if p.is_file() and p.suffix != ".sha256"]
    stored.write_text("tampered")
    cache_mod.made_or_make(made, "paper", lambda: ["x"], out, lambda: _maker(calls, "good again")(out))
    assert out.read_text() == "good again" and calls == ["good", "good again"]


def test_a_paper_key_holds_its_header_words(tmp_path):
    """paper_inputs: the papers: block's words are part of what a paper is made from."""
    import datetime as dt

    from panelbook.chapters import chapter_by_slug
    from panelbook.papers import PaperMeta, paper_inputs

    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("{}")
    meta = PaperMeta(by=["Director"], to="Panel", date=dt.date(2014, 4, 1), classification="Unrestricted",
                     author=["Analyst"], background=[], edition_title="E", edition_slug="e")
    chapter = chapter_by_slug("missing")
    key = cache_mod.made_key("paper", *paper_inputs(chapter, notebook, tmp_path, meta))
    again = cache_mod.made_key("paper", *paper_inputs(chapter, notebook, tmp_path, meta))
    other = cache_mod.made_key("paper", *paper_inputs(chapter, notebook, tmp_path, replace(meta, to="Committee")))
    assert key == again != other
    notebook.write_text('{"changed": true}')
    assert cache_mod.made_key("paper", *paper_inputs(chapter, notebook, tmp_path, meta)) != key

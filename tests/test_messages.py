"""Key messages: the sentence for a worsening, an improvement and "too few to tell"; ordering worst news
first; values read from published cells; the edition-wide exports."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from panelbook import messages as km
from panelbook.messages import BENCHMARK, EARLIER, NOT_CLEAR, REAL, TARGET, TOO_FEW, Cite, KeyMessage


def msg(**kw) -> KeyMessage:
    base = dict(chapter="c", measure="m", label="the vacancy rate", value="14.3", unit="%")
    return KeyMessage(**{**base, **kw})


def test_sentence_for_a_worsening_against_a_target():
    m = msg(when="in December 2013", comparison="the target", comparison_value="10", kind=TARGET, better="lower")
    assert m.sentence() == ("The vacancy rate was 14.3% in December 2013, against the target of 10% "
                            "(worse than the target).")
    assert m.row() == {"chapter": "c", "measure": "m", "value": "14.3", "comparison": "the target",
                       "comparison_value": "10", "change": "4.3", "direction": "up", "verdict": "", "rag": "red"}


def test_sentence_for_an_improvement_on_an_earlier_period_with_its_trend_and_verdict():
    m = msg(label="the headline share for “I feel safe”", value="91.0", when="in Q3", comparison="in Q2",
            comparison_value="84.5", kind=EARLIER, better="higher", verdict=REAL,
            trend=(("Q1", "80.0"), ("Q2", "84.5"), ("Q3", "91.0")))
    assert m.sentence() == ("The headline share for “I feel safe” was 91.0% in Q3, up from 84.5% in Q2; a real "
                            "change, unlikely to be chance alone (80.0% → 84.5% → 91.0%, Q1 to Q3).")
    assert (m.direction, m.news, m.row()["change"], m.row()["rag"]) == ("up", "better", "6.5", "")


def test_sentence_for_a_fall_within_chance_and_against_a_benchmark():
    fell = msg(value="54.2", comparison="in Q2", comparison_value="66.9", kind=EARLIER, better="higher",
               verdict=NOT_CLEAR)
    assert fell.sentence() == ("The vacancy rate was 54.2%, down from 66.9% in Q2; a change within what chance "
                               "alone would give.")
    assert fell.row()["change"] == "-12.7" and fell.news == "worse"
    ahead = msg(value="13.0", comparison="the national average", comparison_value="11.0", kind=BENCHMARK,
                better="higher")
    assert ahead.sentence() == ("The vacancy rate was 13.0%, against the national average of 11.0% "
                                "(better than the national average).")


@pytest.mark.parametrize("kw, why", [
    ({"value": "c"}, "withheld"),
    ({"comparison": "in Q2", "comparison_value": "c", "kind": EARLIER}, "withheld"),
    ({"verdict": TOO_FEW, "comparison": "in Q2", "comparison_value": "60.0", "kind": EARLIER}, "small"),
    ({"small_base": True}, "small"),
    ({"value": "no data"}, "no figure"),
])
def test_too_few_to_tell_never_shows_a_number(kw, why):
    m = msg(when="in Q3", **kw)
    text = m.sentence()
    assert text.startswith("The vacancy rate in Q3: too few to tell (") and why in text
    assert not any(ch.isdigit() for ch in text.replace("Q3", ""))
    row = m.row()
    assert row["verdict"] == TOO_FEW and row["change"] == "" and row["direction"] == "" and m.severity == 9


def test_worst_news_first_then_book_order_then_declared_order():
    red = msg(chapter="b", measure="red", comparison="the target", comparison_value="10", kind=TARGET, better="lower")
    real_worse = msg(chapter="b", measure="worse", comparison="in Q2", comparison_value="20", kind=EARLIER,
                     better="lower", verdict=REAL, value="30")
    plain = msg(chapter="a", measure="plain")
    plain2 = msg(chapter="b", measure="plain2")
    better = msg(chapter="a", measure="better", comparison="in Q2", comparison_value="20", kind=EARLIER,
                 better="lower", value="10")
    few = msg(chapter="a", measure="few", value="c")
    out = km.ordered([few, better, plain2, plain, real_worse, red], ["a", "b"])
    assert [m.measure for m in out] == ["red", "worse", "plain", "plain2", "better", "few"]
    assert [m.severity for m in out] == sorted(m.severity for m in out)


def test_cite_reads_cells_rows_and_shares_as_published():
    tables = {"t": pd.DataFrame({"k": ["a", "b", "Total"], "n": ["3", "c", "10"], "of": ["8", "9", "40"],
                                 "rag": ["red", "red", ""]})}
    assert Cite("t", {"k": "Total"}, "n").read(tables) == "10"
    assert Cite("t", {"k": "b"}, "n").read(tables) == "c"
    assert Cite("t", {"rag": "red"}).read(tables) == "2"
    assert Cite("t", {"k": "a"}, "n", per="of").read(tables) == "37.5"
    assert Cite("t", {"k": "b"}, "n", per="of").read(tables) == "c"
    assert Cite("t", {"k": "zzz"}, "n").read(tables) == "" and Cite("u").read(tables) == ""


def test_share_verdict_uses_the_books_test_and_withholds_with_the_counts():
    assert km.share_verdict(("20", "100"), ("60", "100")) == REAL
    assert km.share_verdict(("50", "100"), ("52", "100")) == NOT_CLEAR
    assert km.share_verdict(("5", "10"), ("9", "10")) == TOO_FEW  # fewer than 30 either side
    assert km.share_verdict(("c", "100"), ("60", "100")) == TOO_FEW


def test_exports_are_the_contract_columns_worst_first_and_deterministic(tmp_path):
    from dataclasses import dataclass

    @dataclass
    class Ch:
        slug: str

    a = [msg(chapter="a", measure="fine"), msg(chapter="a", measure="few", value="c")]
    b = [msg(chapter="b", measure="red", comparison="the target", comparison_value="10", kind=TARGET,
             better="lower", label="=HYPERLINK(\"x\") <b>label</b>")]
    km.write_chapter(a, "a", tmp_path)
    km.write_chapter(b, "b", tmp_path, {"red": {"file": "b-trend-red.svg", "alt": "Trend"}})
    records = km.write_exports(tmp_path, [Ch("a"), Ch("b")])
    first = (tmp_path / km.CSV_NAME).read_bytes()
    table = pd.read_csv(tmp_path / km.CSV_NAME, dtype=str, keep_default_na=False)
    assert tuple(table.columns) == km.COLUMNS
    assert table["measure"].tolist() == ["red", "fine", "few"]
    assert [r["measure"] for r in records] == ["red", "fine", "few"] and records[0]["trend_chart"]["alt"] == "Trend"
    side = json.loads((tmp_path / km.JSON_NAME).read_text())
    assert side["kind"] == km.KIND and "chapter" not in side  # not a table or chart sidecar
    km.write_exports(tmp_path, [Ch("a"), Ch("b")])
    assert (tmp_path / km.CSV_NAME).read_bytes() == first


def test_a_message_without_a_comparison_is_set_beside_the_previous_edition(tmp_path):
    from dataclasses import dataclass

    @dataclass
    class Ch:
        slug: str

    previous = tmp_path / "q1"
    previous.mkdir()
    (previous / "register.json").write_text(json.dumps({"title": "Panel, Q1", "parameters": {"edition_name": "Q1"}}))
    cite = Cite("t", {"k": "Total"}, "n")
    km.write_chapter([msg(measure="count", value="40", unit="", label="the number missing", cite=cite),
                      msg(measure="targeted", comparison="the target", comparison_value="10", kind=TARGET)], "c", previous)
    km.write_exports(previous, [Ch("c")])
    now = km.with_previous([msg(measure="count", value="52", unit="", label="the number missing", cite=cite),
                            msg(measure="targeted", comparison="the target", comparison_value="10", kind=TARGET,
                                value="9.0"),
                            msg(measure="new", value="3")], previous, "Q2")
    count, targeted, new = now
    assert count.sentence() == "The number missing was 52, up from 40 at the previous edition."
    assert count.comparison_previous and count.comparison_cite == cite and count.by_edition == (("Q1", "40"), ("Q2", "52"))
    assert targeted.comparison == "the target" and targeted.by_edition == (("Q1", "14.3"), ("Q2", "9.0"))
    assert new == msg(measure="new", value="3")
    q3 = tmp_path / "q2"
    q3.mkdir()
    km.write_chapter(now, "c", q3)
    km.write_exports(q3, [Ch("c")])
    (after,) = km.with_previous([msg(measure="count", value="61", unit="", label="the number missing")], q3, "Q3")
    assert after.series == (("Q1", "40"), ("Q2", "52"), ("Q3", "61"))
    assert after.sentence() == "The number missing was 61, up from 52 at the previous edition (40 → 52 → 61, Q1 to Q3)."
    assert km.with_previous(now, None, "Q2") == now and km.with_previous(now, tmp_path / "none", "Q2") == now


def test_key_messages_page_and_intro_escape_every_sentence(tmp_path):
    from dataclasses import dataclass

    from panelbook.book import key_messages_paragraph
    from panelbook.escape import myst_text
    from panelbook.pages import key_messages_page

    @dataclass
    class Ch:
        slug: str

        def title_in(self, edition):
            return "<i>Chapter</i>"

    hostile = msg(chapter="a", label="{download}`/etc/hostname` <img src=x onerror=alert(1)>",
                  comparison="the target", comparison_value="10", kind=TARGET, better="lower")
    km.write_chapter([hostile], "a", tmp_path, {"m": {"file": "a-trend-m.svg", "alt": "\"><script>"}})
    km.write_exports(tmp_path, [Ch("a")])
    page = key_messages_page(None, [Ch("a")], tmp_path)
    assert "<img src=x" not in page and "&lt;img src=x" in page and "<script>" not in page
    assert '<a href="chapters/a.html">&lt;i&gt;Chapter&lt;/i&gt;</a>' in page
    intro = key_messages_paragraph(tmp_path, since=True)
    assert intro.startswith("In this edition, worst news first: ") and "since-last-edition.md" in intro
    assert myst_text(hostile.sentence()) in intro  # escaped as MyST text (rendered: tests/test_hostile.py)


# -- a built edition's messages are true for it ---------------------------------------------------------------
def published_tables(figures) -> dict[str, pd.DataFrame]:
    """Every table export of a build, as the CSV text."""
    out = {}
    for side in sorted(figures.glob("*.json")):
        if side.name.endswith(".vl.json") or side.name == "register.json":
            continue
        meta = json.loads(side.read_text())
        if isinstance(meta, dict) and meta.get("kind") == "table":
            out[meta["id"]] = pd.read_csv(figures / f"{meta['id']}.csv", dtype=str, keep_default_na=False)
    return out


def assert_messages_true(out, previous=None) -> list[dict]:
    """What the issue asks of a build's key messages: the contract's columns, at least one per chapter,
    worst news first, every value (and compared value) equal to the export cell it cites, no withheld
    number in a sentence, the page first in the book and each chapter opening with its own. `previous`: the
    previous edition's figures folder, where a comparison with it is cited."""
    import html as html_mod

    figures = out / "figures"
    register = json.loads((figures / "register.json").read_text())
    tables = published_tables(figures)
    table = pd.read_csv(figures / km.CSV_NAME, dtype=str, keep_default_na=False)
    assert tuple(table.columns) == km.COLUMNS
    records = km.read_exports(figures)
    assert [r["row"] for r in records] == table.to_dict("records")
    chapters = [c["slug"] for c in register["chapters"]]
    assert set(table["chapter"]) == set(chapters), "at least one message per chapter"
    assert [r["severity"] for r in records] == sorted(r["severity"] for r in records), "worst news first"
    def plain(text: str) -> str:  # an apostrophe as escaped, or as Sphinx's smart quotes make it
        for form in ("\u2019", "&#8217;", "&#x27;", "&#39;"):
            text = text.replace(form, "'")
        return text

    page = plain((out / "html" / "key-messages.html").read_text())
    for r in records:
        m = KeyMessage.from_record(r)
        assert m.cite is not None and m.cite.read(tables) == m.value, (m.measure, m.value)
        if m.comparison_cite is not None:
            cited = published_tables(previous) if m.comparison_previous else tables
            assert m.comparison_cite.read(cited) == m.comparison_value, (m.measure, m.comparison_value)
        assert m.sentence() == r["sentence"] and plain(html_mod.escape(r["sentence"], quote=False)) in page
        if m.too_few:  # nothing but what is measured and when: no value, compared value or change
            lead = m.label[:1].upper() + m.label[1:] + (f" {m.when}" if m.when else "")
            assert r["row"]["verdict"] == TOO_FEW and r["sentence"].startswith(lead + ": too few to tell (")
        else:
            assert m.shown(m.value) in r["sentence"]
        if r["row"]["change"]:
            sign = km.number(r["row"]["change"])
            assert r["row"]["direction"] == ("up" if sign > 0 else "down" if sign < 0 else "same")
        if "trend_chart" in r:
            assert (figures / r["trend_chart"]["file"]).read_text().lstrip().startswith("<svg")
    for slug in chapters:
        own = [plain(html_mod.escape(r["sentence"], quote=False)) for r in records if r["chapter"] == slug]
        text = plain((out / "html" / "chapters" / f"{slug}.html").read_text())
        assert 1 <= len(own) <= 5 and all(s in text for s in own), slug
        assert text.index("pb-key-messages-box") < min(text.index(s) for s in own) < text.index('<h2><span class="section-number">'), slug
    index = (out / "html" / "intro.html").read_text()  # the landing page: index.html redirects to it
    assert index.index('href="key-messages.html"') < min(index.index(f'href="chapters/{s}.html"') for s in chapters)
    return records


@pytest.mark.slow
def test_sample_edition_messages_cite_its_exports(sample_build):
    records = assert_messages_true(sample_build)
    said = {r["measure"]: r for r in records}
    assert said["social_work_vacancy_rate"]["row"]["rag"] == "red"
    assert "all 4 red actions were amber at the previous edition" in said["red_actions"]["sentence"]
    assert "66.9% → 66.9% → 54.2% → 50.0%" in said["consultation_booklet.plans_for_future"]["sentence"]
    intro = (sample_build / "html" / "intro.html").read_text()
    assert "In this edition, worst news first:" in intro


@pytest.mark.slow
def test_messages_never_show_a_withheld_number(suppressed_build):
    records = assert_messages_true(suppressed_build)
    for r in records:
        if km.SUPPRESSED in (r["value"], r["comparison_value"]):
            assert r["row"]["verdict"] == TOO_FEW and "too few to tell" in r["sentence"]


def test_a_paper_pastes_the_chapters_key_messages_as_the_book_shows_them():
    from panelbook.papers import Boxed, Items, parse_markdown

    glue = {"key_messages": {"text/markdown": "- The rate was 14.3%.\n- The count was 4.\n"}}
    (box,) = parse_markdown(":::{admonition} Key messages\n:class: x\n```{glue:md} key_messages\n```\n:::", glue)
    assert isinstance(box, Boxed) and "".join(r.text for r in box.title) == "Key messages"
    (items,) = box.blocks
    assert isinstance(items, Items) and ["".join(r.text for r in i) for i in items.items] == [
        "The rate was 14.3%.", "The count was 4."]

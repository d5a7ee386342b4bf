"""The four quarterly editions of 2013-14 build; the Q4 book opens with what changed since Q3, and that
diff agrees with the changes computed directly from the data."""
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import ROOT, run_cli
from panelbook import diff, messages
from panelbook.chapters.missing import analysis as m
from panelbook.params import load_edition

pytestmark = pytest.mark.slow  # every test here builds an edition or executes a chapter

QUARTERS = [f"2013-14-q{q}" for q in (1, 2, 3, 4)]


@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    ws = tmp_path_factory.mktemp("quarters")
    out = ws / "_build"
    (ws / "params").mkdir()
    files = []
    for i, name in enumerate(QUARTERS):
        params = yaml.safe_load((ROOT / "params" / f"{name}.yaml").read_text())
        params["data_dir"] = str(ROOT / "data" / "sample")
        if i:
            params["previous_edition"] = str(out / QUARTERS[i - 1] / "figures")
        path = ws / "params" / f"{name}.yaml"
        path.write_text(yaml.safe_dump(params, sort_keys=False))
        files.append(path)
    proc = run_cli("build", *files, "--out", out)
    return out, ws, proc


def test_every_quarter_builds_every_chapter(quarters):
    out, _, proc = quarters
    assert proc.stdout.count("Built 2013-14-q") == 4
    for name in QUARTERS:
        for slug in ("missing", "surveys", "complaints", "recruitment", "audits", "actions"):
            assert (out / name / "html" / "chapters" / f"{slug}.html").is_file(), (name, slug)


def test_a_chapter_without_data_for_the_quarter_says_so(quarters):
    out, _, _ = quarters
    surveys = (out / "2013-14-q1" / "html" / "chapters" / "surveys.html").read_text()
    assert "no earlier responses to compare with" in surveys  # Q1 compares with 2012-13 Q4: no data
    audits = (out / "2013-14-q1" / "html" / "chapters" / "audits.html").read_text()
    assert "No IRO care-plan grades fall in this window" in audits


def test_q4_opens_with_its_worst_news_and_the_largest_movements_since_q3(quarters):
    out, _, _ = quarters
    q3, q4 = out / "2013-14-q3" / "figures", out / "2013-14-q4" / "figures"
    changes = diff.compare_figures(q3, q4)
    sentence = diff.movement_sentence(diff.largest_movements(changes, 3), "Corporate Parenting Panel, 2013-14 Q3")
    assert sentence.startswith("Since the last edition (Corporate Parenting Panel, 2013-14 Q3), the three largest")
    import html

    page = (out / "2013-14-q4" / "html" / "since-last-edition.html").read_text()
    assert html.escape(sentence, quote=False) in page or sentence in page
    assert "missing-by-nationality" in page
    # the intro's movement sentence is the key messages' worst news, with a link to every change
    intro = plain((out / "2013-14-q4" / "html" / "intro.html").read_text())
    lead = messages.headline(messages.read_exports(q4))
    assert lead and "In this edition, worst news first: " + plain(html.escape(lead[0]["sentence"], quote=False)) in intro
    assert 'href="since-last-edition.html"' in intro
    assert not (out / "2013-14-q1" / "html" / "since-last-edition.html").exists()


def test_each_quarters_messages_are_true_and_set_beside_the_quarter_before(quarters):
    from test_messages import assert_messages_true

    out, _, _ = quarters
    assert_messages_true(out / QUARTERS[0])
    for before, name in zip(QUARTERS, QUARTERS[1:]):
        records = assert_messages_true(out / name, previous=out / before / "figures")
        compared = [r for r in records if r["comparison"] == messages.PREVIOUS]
        assert compared and all(r["comparison_previous"] for r in compared)
    q4 = {r["measure"]: r for r in messages.read_exports(out / QUARTERS[-1] / "figures")}
    assert len(q4["children_missing"]["by_edition"]) == 4  # every quarter's value: its trend


def plain(text: str) -> str:
    """Text as compared: Sphinx's smart quotes made plain again."""
    return text.replace("&#8217;", "'").replace("\u2019", "'")


def _direct(params_file: Path) -> pd.DataFrame:
    edition = load_edition(params_file)
    p = edition.section("missing")
    return m.by_nationality(m.cohort_of(m.load(edition.data_dir, p), p)).astype(str)


def test_diff_agrees_with_changes_computed_from_the_data(quarters):
    out, ws, _ = quarters
    old, new = _direct(ws / "params" / "2013-14-q3.yaml"), _direct(ws / "params" / "2013-14-q4.yaml")
    o, n = old.set_index("nationality"), new.set_index("nationality")
    expected = {(row, col): (o.at[row, col], n.at[row, col])
                for row in o.index.intersection(n.index) for col in o.columns if o.at[row, col] != n.at[row, col]}
    got = diff.compare_figures(out / "2013-14-q3" / "figures", out / "2013-14-q4" / "figures")
    got = got[got["id"] == "missing-by-nationality"]
    changed = {(r.row, r.column): (r.old, r.new) for r in got[got["change"] == "changed"].itertuples()}
    assert changed == expected and expected
    assert set(got[got["change"] == "added_row"]["row"]) == set(n.index) - set(o.index)
    assert set(got[got["change"] == "dropped_row"]["row"]) == set(o.index) - set(n.index)


def test_diff_command_prints_the_same_comparison(quarters):
    out, _, _ = quarters
    proc = run_cli("diff", out / "2013-14-q3" / "figures", out / "2013-14-q4" / "figures", "--csv")
    printed = pd.read_csv(pd.io.common.StringIO(proc.stdout), dtype=str)
    assert len(printed) == len(diff.compare_figures(out / "2013-14-q3" / "figures", out / "2013-14-q4" / "figures"))


def _page_text(path: Path) -> str:
    """A page's visible words: tags dropped, entities and typographic quotes made plain, spaces folded."""
    import html
    import re

    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def april_2014_remarks() -> list[str]:
    """Every sentence the April 2014 edition's files say about its papers: titles, intros, remarks."""
    import re

    from panelbook.chapters import CHAPTERS
    from panelbook.earlier import load

    earlier = load([ROOT / "params" / "published" / "2014-04"])
    texts = [t for t in earlier.figures["remark"].dropna() if t]
    texts += [t for ts in (*earlier.intros.values(), *earlier.remarks.values()) for t in ts]
    meta = yaml.safe_load((ROOT / "params" / "published" / "2014-04" / "papers.yaml").read_text())
    texts += [p["title"] for p in meta["papers"]]
    sentences = []
    for t in texts:
        plain = re.sub(r"[*_]", "", t).replace("\n", " ")
        sentences += [s.strip() for s in re.split(r"(?<=[.;:])\s+|^- |\n- ", plain) if len(s.strip()) > 25]
    titles = {c.title for c in CHAPTERS}  # a paper may share a chapter's title: that alone says nothing
    return [s for s in sentences if s not in titles]


def test_no_quarter_prints_a_remark_of_the_april_2014_pack(quarters):
    out, _, _ = quarters
    remarks = april_2014_remarks()
    assert len(remarks) > 20
    for name in QUARTERS:
        for page in sorted((out / name / "html").rglob("*.html")):
            text = _page_text(page)
            found = [r for r in remarks if r[:60] in text]
            assert not found, (name, page.name, found[:3])

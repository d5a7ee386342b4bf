"""Chapters as folders: the registry, the declared hooks, `panelbook new-chapter`, an edition's own
chapter (local_chapters:) built with suppression on, its chart held to its published table, its cache."""
import json
import re
import shutil
import subprocess
import sys
import types

import pandas as pd
import pytest

from conftest import ROOT, run_cli
from panelbook import cache as cache_mod
from panelbook import charts
from panelbook.chapters import BOOK_ORDER, CHAPTERS, Hooks, chapters_in, load_chapter
from panelbook.errors import PanelbookError, ParamsError
from panelbook.params import load_edition
from panelbook.scaffold import write_chapter

NAME = "placement-stability"


@pytest.fixture
def chapter_dir(tmp_path):
    return write_chapter(NAME, tmp_path / "chapters")


# -- the registry and the hooks ------------------------------------------------------------------------
def test_built_in_chapters_are_package_folders_with_their_historic_names():
    assert [c.slug for c in CHAPTERS] == list(BOOK_ORDER)
    assert [c.section for c in CHAPTERS] == ["missing", "surveys", "complaints", "recruitment", "audits", "actions"]
    assert all(c.folder.name == c.slug and (c.folder / "chapter.yaml").is_file() and not c.local for c in CHAPTERS)
    rec = next(c for c in CHAPTERS if c.slug == "recruitment")
    assert rec.inputs == ("foster_applications.csv", "foster_households.csv") and rec.optional_inputs == ("workforce.csv",)


def test_a_module_declaring_nothing_gets_every_default():
    hooks = Hooks.of(types.ModuleType("bare"))
    assert hooks.IDENTITIES == () and hooks.INPUTS == () and hooks.load is None and hooks.input_files is None
    assert hooks.validate_edition(object()) == [] and hooks.check_tables({}) == [] and hooks.extra_inputs(None) == []
    declared = types.ModuleType("some")
    declared.IDENTITIES = ((("a", "Total", "n"), ("b", "Total", "n")),)
    assert Hooks.of(declared).IDENTITIES == declared.IDENTITIES


# -- new-chapter ------------------------------------------------------------------------------------------
def test_new_chapter_writes_a_working_folder(chapter_dir):
    names = sorted(str(p.relative_to(chapter_dir)) for p in chapter_dir.rglob("*") if p.is_file())
    assert names == ["analysis.py", "chapter.yaml", "example.yaml", "exports.yaml", "page.ipynb",
                     f"sample/{NAME}.csv", "test_analysis.py"]
    chapter = load_chapter(chapter_dir)
    assert (chapter.slug, chapter.section, chapter.inputs, chapter.local) == (NAME, NAME, (f"{NAME}.csv",), True)
    assert [e.id for e in chapter.catalogue.exports] == [f"{NAME}-by-category", f"{NAME}-chart-by-category"]
    assert "__NAME__" not in "".join(p.read_text() for p in chapter_dir.rglob("*") if p.is_file())


def test_the_scaffolds_own_unit_test_passes(chapter_dir):
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_analysis.py"],
                         cwd=chapter_dir, capture_output=True, text=True, env={"PYTHONDONTWRITEBYTECODE": "1",
                                                                               "PATH": ""})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


@pytest.mark.parametrize("name, says", [("surveys", "is a built-in chapter's name"),
                                        ("missing", "is a built-in chapter's name"),
                                        ("Placement_Stability", "is not a chapter name"),
                                        ("inputs", "is a key of every edition's parameters")])
def test_new_chapter_refuses_a_name_it_cannot_use(tmp_path, name, says):
    with pytest.raises(PanelbookError, match=says):
        write_chapter(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_new_chapter_never_overwrites(tmp_path):
    (tmp_path / NAME).mkdir()
    (tmp_path / NAME / "notes.txt").write_text("mine")
    result = run_cli("new-chapter", NAME, "--dir", str(tmp_path), check=False)
    assert result.returncode == 2 and "already exists; nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / NAME).iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]  # no staging folder left


# -- an edition's own chapter -----------------------------------------------------------------------------
def test_a_local_chapter_joins_the_edition(chapter_dir):
    edition = load_edition(chapter_dir / "example.yaml")
    (chapter,) = chapters_in(edition)
    assert chapter.slug == NAME and chapter.folder == chapter_dir
    assert edition.section(NAME).order == [] and edition.min_count == 5
    from panelbook.book import data_page

    page = data_page(chapters_in(edition))
    assert f"## {NAME.replace('-', ' ').capitalize()}" in page and f"`{NAME}.csv`" in page and "`order`" in page


def test_its_input_headed_otherwise_is_mapped_by_inputs(chapter_dir):
    params = chapter_dir / "example.yaml"
    params.write_text(params.read_text() + f"inputs:\n  {NAME}:\n    columns: {{category: Team}}\n")
    edition = load_edition(params)
    (chapter,) = chapters_in(edition)
    sample = chapter_dir / "sample" / f"{NAME}.csv"
    sample.write_text(sample.read_text().replace("record_id,category", "record_id,Team"))
    assert chapter.load(edition.data_source)[f"{NAME}.csv"]["category"].value_counts()["Category A"] == 9
    params.write_text(params.read_text().replace("{category: Team}", "{categroy: Team}"))
    with pytest.raises(ParamsError, match=f"inputs.{NAME}.columns.categroy': {NAME}.csv has no column"):
        load_edition(params)


def test_earlier_papers_may_say_something_about_it(chapter_dir, tmp_path):
    from panelbook.earlier import load
    from panelbook.errors import DataError

    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "papers.yaml").write_text(f"chapters:\n  {NAME}:\n    intro: Last year's paper counted these too.\n")
    (folder / "figures.csv").write_text(f"table_id,row,column,value,source\n{NAME}-by-category,Total,count,25,p. 2\n")
    with pytest.raises(DataError, match="not a chapter"):
        load([folder])  # the built-in chapters alone
    earlier = load([folder], chapters_in(load_edition(chapter_dir / "example.yaml")))
    assert earlier.intros[NAME] == ["Last year's paper counted these too."] and len(earlier.figures) == 1


def test_a_symlinked_params_file_finds_its_chapter_beside_its_target(chapter_dir, tmp_path):
    link = tmp_path / "elsewhere" / "edition.yaml"
    link.parent.mkdir()
    link.symlink_to(chapter_dir / "example.yaml")
    assert [c.folder for c in chapters_in(load_edition(link))] == [chapter_dir]


def test_the_same_folder_twice_is_refused(chapter_dir):
    params = chapter_dir / "example.yaml"
    params.write_text(params.read_text().replace("local_chapters: [.]", "local_chapters: [., ../placement-stability]"))
    with pytest.raises(ParamsError, match="local_chapters.1.*already in the book"):
        load_edition(params)


def test_its_own_code_and_page_are_in_its_cache_key(chapter_dir):
    def key():
        edition = load_edition(chapter_dir / "example.yaml")
        (chapter,) = chapters_in(edition)
        return cache_mod.key_parts(chapter, edition, chapter.notebook)

    before = key()
    analysis = chapter_dir / "analysis.py"
    analysis.write_text(analysis.read_text().replace("Bar chart of records", "Bars of records"))
    after = key()
    assert before["chapter code"] != after["chapter code"] and before["notebook code"] == after["notebook code"]
    (chapter_dir / "test_analysis.py").write_text("# a test changed: nothing to re-execute\n")
    assert key() == after


# -- charts are drawn from published tables ------------------------------------------------------------
PUBLISHED = pd.DataFrame({"category": ["a", "b", "c", "Total"], "count": [9, 7, "c", "c"]})


def test_a_chart_of_the_published_table_passes_and_a_withheld_count_drawn_does_not():
    assert charts.not_drawn_from(charts.to_spec(charts_of(charts.drawable(PUBLISHED))), PUBLISHED) == []
    raw = pd.DataFrame({"category": ["a", "b", "c"], "count": [9, 7, 3]})
    (wrong,) = charts.not_drawn_from(charts.to_spec(charts_of(raw)), PUBLISHED)
    assert "'count': 3" in wrong and "not a row of the table as published" in wrong
    extra = PUBLISHED.assign(share=[1, 2, 3, 4])
    assert any("'share' is not a column" in w for w in charts.not_drawn_from(charts.to_spec(charts_of(extra)), PUBLISHED))
    assert charts.not_drawn_from({"data": {"url": "raw.csv"}, "mark": "bar"}, PUBLISHED) == ["data read from 'raw.csv'"]


def charts_of(df):
    import altair as alt

    return alt.Chart(df).mark_bar().encode(x="count:Q", y="category:N")


def test_a_local_chapters_chart_must_name_its_published_table(chapter_dir, tmp_path):
    import panelbook.publish as pb

    ctx = pb.chapter_context(NAME, chapter_dir / "example.yaml", tmp_path / "exports")
    raw = pd.DataFrame({"category": ["a", "b"], "count": [9, 3]})
    with pytest.raises(ValueError, match="not a table this chapter has published"):  # its catalogue names the table
        ctx.chart(charts_of(raw), f"{NAME}-chart-by-category", "Records", alt="")
    with pytest.raises(ValueError, match="not a table this chapter has published"):
        ctx.draw(f"{NAME}-chart-by-category", charts_of, alt="")
    with pytest.raises(ValueError, match="not a table of the chapter's exports.yaml"):
        ctx.table(raw, f"{NAME}-undeclared", "Undeclared")
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())


# -- built whole, with suppression on -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    from panelbook import build as b

    ws = tmp_path_factory.mktemp("local")
    folder = write_chapter(NAME, ws / "chapters")
    edition = ws / "edition.yaml"  # a built-in chapter and the edition's own, side by side
    edition.write_text(f"title: Local chapter test\nlocal_authority: Testshire\ndata_dir: data\n"
                       f"actions:\n  as_at: 2014-04-10\nlocal_chapters: [chapters/{NAME}]\n{NAME}: {{}}\n")
    (ws / "data").mkdir()
    shutil.copy(ROOT / "data" / "sample" / "actions.csv", ws / "data" / "actions.csv")
    shutil.copy(folder / "sample" / f"{NAME}.csv", ws / "data" / f"{NAME}.csv")
    opts = b.Options(cache_dir=ws / "cache", jobs=1)
    summary = b.build(edition, ws / "out", opts=opts)
    return ws, folder, opts, summary


@pytest.mark.slow
def test_a_local_chapter_gets_what_a_built_in_one_gets(local_build):
    ws, folder, _, summary = local_build
    assert summary["chapters"] == ["actions", NAME] and sorted(summary["executed"]) == ["actions", NAME]
    out = ws / "out"
    table = pd.read_csv(out / "figures" / f"{NAME}-by-category.csv", dtype=str)
    counts = dict(zip(table["category"], table["count"]))
    assert counts == {"Category A": "9", "Category B": "7", "Category D": "c", "Category C": "c", "Total": "25"}
    meta = json.loads((out / "figures" / f"{NAME}-by-category.json").read_text())
    assert meta["number"] == "Table 2.1" and meta["suppressed_cells"] == 2 and meta["cite"].endswith("Table 2.1")
    for name in (f"{NAME}-by-category.xlsx", f"tidy/{NAME}-by-category.csv", f"{NAME}-chart-by-category.svg",
                 f"{NAME}-chart-by-category.png"):
        assert (out / "figures" / name).is_file(), name
    register = json.loads((out / "figures" / "register.json").read_text())
    assert {f["id"] for f in register["figures"] if f["chapter"] == NAME} == {f"{NAME}-by-category",
                                                                          f"{NAME}-chart-by-category"}
    assert any(i["file"] == f"{NAME}.csv" and NAME in i["chapters"] for i in register["inputs"])
    assert (out / "papers" / f"{NAME}.docx").is_file()
    from openpyxl import load_workbook

    sheets = load_workbook(out / "figures" / "all-tables.xlsx", read_only=True).sheetnames
    assert any(s == "T2.1" or s.startswith(f"{NAME}-by-cat") for s in sheets), sheets  # its sheet, by number or id
    toc = (out / "html" / "chapters" / f"{NAME}.html").read_text()
    assert "Records by category" in toc
    messages = pd.read_csv(out / "figures" / "key-messages.csv", dtype=str, keep_default_na=False)
    assert set(messages["chapter"]) == {"actions", NAME}  # the scaffold declares its key messages too
    assert messages.loc[messages["chapter"] == NAME, "value"].tolist() == ["25"] and "pb-key-messages-box" in toc
    data = (out / "html" / "data.html").read_text()
    assert f"{NAME}.csv" in data


@pytest.mark.slow
def test_its_chart_alt_text_and_table_view_honour_suppression(local_build):
    ws, *_ = local_build
    figures = ws / "out" / "figures"
    spec = json.loads((figures / f"{NAME}-chart-by-category.vl.json").read_text())
    (rows,) = spec["datasets"].values()
    assert {r["category"]: r["count"] for r in rows} == {"Category A": 9, "Category B": 7, "Category D": None,
                                                          "Category C": None}
    alt_text = json.loads((figures / f"{NAME}-chart-by-category.json").read_text())["alt"]
    assert "Category C: a withheld number" in alt_text and "Category D: a withheld number" in alt_text
    assert not any(ch.isdigit() for ch in alt_text.replace("9", "").replace("7", ""))  # only 9 and 7 are shown
    page = (ws / "out" / "html" / "chapters" / f"{NAME}.html").read_text()
    block = page[page.index(f'id="{NAME}-chart-by-category"'):]
    assert re.search(r"<td[^>]*>c</td>", block[:block.index("</table>")])  # 'Show as table' is the published table
    assert 'counted by category: <span class="pasted-text">25</span> in all' in page  # prose from the published cell


@pytest.mark.slow
def test_a_change_to_its_code_re_executes_it_and_only_it(local_build):
    from panelbook import build as b

    ws, folder, opts, _ = local_build
    again = b.build(ws / "edition.yaml", ws / "out", opts=opts)
    assert again["up_to_date"] and again["executed"] == []
    analysis = folder / "analysis.py"
    analysis.write_text(analysis.read_text().replace('f"Bar chart of records by category.', 'f"Records by category.'))
    changed = b.build(ws / "edition.yaml", ws / "out", opts=b.Options(cache_dir=opts.cache_dir, jobs=1, explain=True))
    assert changed["executed"] == [NAME]
    alt_text = json.loads((ws / "out" / "figures" / f"{NAME}-chart-by-category.json").read_text())["alt"]
    assert alt_text.startswith("Records by category.")

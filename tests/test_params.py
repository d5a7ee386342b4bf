"""Edition parameters: strict, typed, and errors that name the key."""
import pytest

from panelbook.errors import ParamsError
from panelbook.params import load_edition

GOOD = """title: Corporate Parenting Panel, 10 April 2014
local_authority: Kent
data_dir: {data}
disclosure:
  min_count: 0
missing:
  period_start: 2013-04-01
  period_end: 2013-09-30
  as_at: 2013-09-30
  uasc_only: true
"""


@pytest.fixture
def write(tmp_path):
    (tmp_path / "data").mkdir()

    def _write(text):
        p = tmp_path / "edition.yaml"
        p.write_text(text.format(data="data"))
        return p

    return _write


def test_issue_example_validates_and_resolves_data_dir(write, tmp_path):
    e = load_edition(write(GOOD))
    assert e.data_dir == (tmp_path / "data").resolve()
    assert str(e.section("missing").period_start) == "2013-04-01"
    assert e.section("surveys") is None and e.slug == "edition"


@pytest.mark.parametrize("text, key, words", [
    (GOOD.replace("uasc_only: true", "uasc_only: true\n  colour: red"), "missing.colour", "unknown key"),
    (GOOD.replace("title: Corporate Parenting Panel, 10 April 2014\n", ""), "title", "required"),
    (GOOD.replace("period_end: 2013-09-30", "period_end: 2013-02-30"), "missing.period_end", "date"),
    (GOOD.replace("period_end: 2013-09-30", "period_end: 2013-03-30"), "missing", "period_end (2013-03-30) is before"),
    (GOOD.replace("min_count: 0", "min_count: -1"), "disclosure.min_count", "greater than or equal"),
    (GOOD.replace("local_authority: Kent", "local_authority: Kent\nlocal_authorty: Kent"), "local_authorty", "unknown key"),
])
def test_errors_name_the_key(write, text, key, words):
    with pytest.raises(ParamsError) as exc:
        load_edition(write(text))
    assert f"key '{key}'" in str(exc.value) and words in str(exc.value)
    assert "edition.yaml" in str(exc.value)


def test_missing_file_empty_file_and_bad_yaml(tmp_path, write):
    with pytest.raises(ParamsError, match="not found"):
        load_edition(tmp_path / "nope.yaml")
    with pytest.raises(ParamsError, match="empty"):
        load_edition(write(""))
    with pytest.raises(ParamsError, match="line 2"):
        load_edition(write("title: x\n  - : :\n bad"))


def test_data_dir_must_exist_and_some_chapter_present(write):
    with pytest.raises(ParamsError, match="data_dir"):
        load_edition(write(GOOD.replace("data_dir: {data}", "data_dir: nowhere")))
    no_chapter = GOOD.split("missing:")[0]
    with pytest.raises(ParamsError, match="no chapter section"):
        load_edition(write(no_chapter))

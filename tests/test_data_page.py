"""The 'Data you need' page: every params key from the models, ready-to-copy `inputs:` entries, '|' kept."""
from __future__ import annotations

import re

import yaml

from panelbook.book import data_page
from panelbook.chapters import CHAPTERS
from panelbook.inputs import contract_specs, inputs_problems
from panelbook.papers import PapersParams
from panelbook.params import InputFile, edition_model


def section(page: str, heading: str) -> str:
    start = page.index(heading + "\n")
    nxt = re.search(r"^#{2,3} ", page[start + len(heading):], re.M)
    return page[start:start + len(heading) + (nxt.start() if nxt else len(page))]


def keys_in(table: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", table, re.M)


def test_every_top_level_papers_and_inputs_key_is_documented():
    page = data_page(CHAPTERS)
    chapter_sections = {c.section for c in CHAPTERS}
    top = [k for k in edition_model().model_fields if k not in chapter_sections]
    assert keys_in(section(page, "## The edition's parameters")) == top  # new keys appear by themselves
    assert keys_in(section(page, "### `papers:`")) == list(PapersParams.model_fields)
    assert keys_in(section(page, "### `inputs:`")) == list(InputFile.model_fields)


def test_a_pipe_in_a_description_stays_in_its_cell():
    page = data_page(CHAPTERS)
    row = next(line for line in page.splitlines() if line.startswith("| `answers` |"))
    assert row.endswith("separated by \\| |")
    assert len(re.split(r"(?<!\\)\|", row)) == 6  # four cells: the escaped '|' does not start a fifth


def test_each_file_has_a_ready_to_copy_inputs_entry():
    page = data_page(CHAPTERS)
    blocks = re.findall(r"```yaml\n(.*?)```", page, re.S)
    specs = contract_specs()  # every file any chapter's source reads
    stems = [next(iter(yaml.safe_load(b)["inputs"])) for b in blocks]
    assert sorted(stems) == sorted(specs)
    for block in blocks:
        entry = yaml.safe_load(block)["inputs"]
        (stem, body), = entry.items()
        assert list(body["columns"]) == [c.name for c in specs[stem].columns]
        assert inputs_problems({stem: InputFile(**body)}) == []

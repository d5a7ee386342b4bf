"""The chapters a book can have: each declares its params section, notebook and input files.

A chapter is built only when its section is present in the edition's parameters. The
declared inputs are what the chapter reads (hashed into the register and, later, the
execution cache).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    slug: str  # page name, export prefix, paper name: stable across editions
    section: str  # key in the edition's params
    title: str
    module: str  # panelbook.analysis.<module> holds the analysis and its Params model
    inputs: tuple[str, ...]  # required files in data_dir
    optional_inputs: tuple[str, ...] = field(default=())

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.slug}.ipynb"

    def analysis(self):
        return importlib.import_module(f"panelbook.analysis.{self.module}")

    def params_model(self):
        return self.analysis().Params

    def files(self, edition) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(required, optional) input files for this edition. A chapter whose files depend on its
        parameters (the missing chapter's `source`) declares `input_files(section)` in its module."""
        hook = getattr(self.analysis(), "input_files", None)
        section = edition.section(self.section) if edition is not None else None
        if hook is None or section is None:
            return self.inputs, self.optional_inputs
        return hook(section)

    def comparable(self) -> dict:
        """The measures this chapter can set beside England, the region and neighbours (`COMPARABLE`
        in its module: name -> comparators.Measure); {} when it declares none."""
        return dict(getattr(self.analysis(), "COMPARABLE", {}))

    def title_in(self, edition) -> str:
        """The title in this edition: a chapter may word it from its parameters (`chapter_title(params)`)."""
        titled = getattr(self.analysis(), "chapter_title", None)
        section = edition.section(self.section) if edition is not None else None
        return titled(section) if titled and section is not None else self.title


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        slug="missing-uasc",
        section="missing",
        title="Missing children and young people",
        module="missing",
        inputs=("children.csv", "missing_episodes.csv"),
    ),
    Chapter(
        slug="surveys",
        section="surveys",
        title="The views of children and young people in care",
        module="surveys",
        inputs=("survey_responses.csv", "survey_questions.csv"),
    ),
    Chapter(
        slug="complaints",
        section="complaints",
        title="Complaints and advocacy",
        module="complaints",
        inputs=("complaints.csv", "advocacy_cases.csv"),
    ),
    Chapter(
        slug="recruitment",
        section="recruitment",
        title="Recruitment of foster carers and the social-work workforce",
        module="recruitment",
        inputs=("foster_applications.csv", "foster_households.csv"),
        optional_inputs=("workforce.csv",),
    ),
    Chapter(
        slug="audits",
        section="audits",
        title="Quality-assurance audits",
        module="audits",
        inputs=("qa_audits.csv",),
        optional_inputs=("iro_plan_grades.csv",),
    ),
    Chapter(
        slug="actions",
        section="actions",
        title="Improvement-plan progress",
        module="actions",
        inputs=("actions.csv",),
    ),
)


def chapter_by_slug(slug: str) -> Chapter:
    for chapter in CHAPTERS:
        if chapter.slug == slug:
            return chapter
    raise KeyError(slug)


def chapters_in(edition) -> list[Chapter]:
    """The chapters whose section the edition sets, in book order."""
    return [c for c in CHAPTERS if edition.section(c.section) is not None]

"""Seeded generators of synthetic record-level sample data (no real child).

Each built-in chapter's generator is its folder's `sample.py` (panelbook.chapters.<slug>.sample): it
takes the published tables as constraints and writes records that reproduce them exactly, plus
plausible records for the other quarters of 2013-14. This package holds what they share (`common`),
the comparators' figures (`benchmarks`), the national layouts, the fictional second authority and the
workbooks. Run `python scripts/make_sample_data.py` to regenerate `data/sample/`.
"""

# every generator of data/sample/, in the order `make sample` runs them: name -> module (its generate(seed))
GENERATORS = {**{slug: f"panelbook.chapters.{slug}.sample"
                 for slug in ("missing", "surveys", "complaints", "recruitment", "audits", "actions")},
              "benchmarks": "panelbook.sample.benchmarks"}

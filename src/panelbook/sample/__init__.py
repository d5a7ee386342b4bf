"""Seeded generators of synthetic record-level sample data (no real child).

Each module takes the published tables as constraints and writes records that reproduce
them exactly, plus plausible records for the other quarters of 2013-14. Run
`python scripts/make_sample_data.py` to regenerate `data/sample/`.
"""

# every generator of data/sample/, in the order `make sample` runs them (each module's generate(seed))
GENERATORS = ("missing", "surveys", "complaints", "recruitment", "audits", "actions", "benchmarks")

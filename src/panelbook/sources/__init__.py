"""The national layouts the missing chapter can read as they are exported, without glue.

- `ssda903`: the SSDA903 children-looked-after return's CSV files (DfE headers and codes);
- `ssd`: data-to-insight's Standard Safeguarding Dataset tables as CSV;
- `dfe`: the DfE code sets both use (ethnicity, reason for new episode, missing type).

Each reader declares one FileSpec per file (checked by `io.read_input` like every other input),
applies its layout's cross-file rules, and returns the chapter's canonical frames.
"""

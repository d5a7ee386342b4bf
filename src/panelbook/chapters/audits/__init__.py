"""The audits chapter: its declaration, analysis, labels, page, exports and sample generator, in one folder."""

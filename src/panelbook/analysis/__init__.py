"""One module per chapter: its Params model, its input FileSpecs and its tested table functions.

A report is a function over cleaned tables: every function here takes parsed frames and
returns a frame or a number; notebooks only call them.
"""

"""Data in from where schools keep it: spreadsheets and open data, into a partnership's log.

Each import reads a file into a :class:`~hom_core.imports.plan.Plan`: one planned row per row of
the file, saying what will be recorded for it (or why nothing will), with the commands to
decide. Nothing is recorded until every row has been read: a cell that cannot be read is a
:class:`~hom_core.errors.UsageError` naming the file, the line and the column, and what to write
instead. The plan is then decided and recorded atomically, or in batches that resume, or only
decided (a dry run), by :func:`~hom_core.imports.batches.record_lines`, which ``hom import``
uses too.

- :mod:`~hom_core.imports.gias`: members from a GIAS establishment extract (C3, M1);
- :mod:`~hom_core.imports.census`: January census figures from CSV or XLSX (C2);
- :mod:`~hom_core.imports.terms`: term dates from iCalendar or CSV (C1);
- :mod:`~hom_core.imports.people`: names, contact details and roles into the people store.

:mod:`~hom_core.imports.table` reads the rows of a CSV or XLSX file with their places.
"""

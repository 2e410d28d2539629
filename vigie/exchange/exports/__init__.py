"""Exports of the register: HTCDS v2.0 (XLSX, CSV), CTDC-compatible anonymous records (CSV), one case (JSON).

`services.export_cases` and `services.export_case` are the only entry points: the command, the web pages and
the tests call them, and they check access and write the audit entry.
"""

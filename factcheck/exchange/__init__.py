"""Claim sets in and out: JSON Schemas, export (JSON, JSONL, ClaimReview, CSV), import.

- :mod:`~factcheck.exchange.validate`: the schemas in ``schemas/`` and validation;
- :mod:`~factcheck.exchange.document`: the claim-set document as plain dicts,
  including :func:`~factcheck.exchange.document.extraction_document`;
- :mod:`~factcheck.exchange.export`: :func:`~factcheck.exchange.export.export`;
- :mod:`~factcheck.exchange.claimreview`: schema.org ClaimReview and the verdict table;
- :mod:`~factcheck.exchange.importer`: :func:`~factcheck.exchange.importer.import_file`;
- :mod:`~factcheck.exchange.jsonio`: strict JSON reading, atomic writing.

Nothing is imported here, so ``import factcheck.exchange`` stays free.
"""

"""Builds: from the matrix of documents to files in the output folder.

- ``jobs``: one output, as plain values a worker process can receive;
- ``plan``: the matrix, leaflets x locales x brands x papers x variants;
- ``drafts``: when a document is a draft, and refusing drafts;
- ``maker``: making one job at a time, each failure a typed value;
- ``fingerprints`` and ``manifest``: what changed, and what the folder holds;
- ``matrix``: making many jobs, incrementally, in worker processes;
- ``pack``: several leaflets in one PDF;
- ``run``: ``run_build``, the one call the command line makes.
"""

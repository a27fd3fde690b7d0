"""A department's projects built on Dask: one task per project-year, then the department's pages.

:mod:`.run` orchestrates (``selfeval build --all`` / ``--project``), :mod:`.tasks` is what a worker
runs, :mod:`.cluster` starts or joins the cluster, :mod:`.shared` checks the workers see the same
folders and code, :mod:`.progress` is the console, :mod:`.published` reads back the published
books and the last outcomes, :mod:`.pages` writes the landing page and the roll-ups.
"""

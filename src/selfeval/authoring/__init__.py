"""The analyst's side: JupyterLab on the notebooks (``lab``), a chapter of one's own
(``new_chapter``), and notebooks without outputs in git (``strip``).

Comes after ``build`` in the stage order: it reads ``book/chapters.yml`` through
:mod:`selfeval.bookbuild.plan`, and nothing in the book depends on it.
"""

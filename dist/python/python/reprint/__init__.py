"""Find near-duplicate news articles: wire stories reprinted with new
headlines, cuts and site boilerplate (MinHash + LSH with exact verification).

The :class:`Detector` runs in this process, like the Rust library it wraps.
``reprint.spark`` runs the same stages on Apache Spark and gives the same
groups (see ``dist/run-spark.sh``).

>>> from reprint import Detector
>>> d = Detector()
>>> wire = ("Markets rose on Friday after strong jobs data, traders said, "
...         "and the central bank kept its rates on hold for another month.")
>>> _ = d.insert("a", wire)
>>> _ = d.insert("b", "Breaking news\\n\\n" + wire)
>>> [[m["id"] for m in g["members"]] for g in d.groups()]
[['a', 'b']]
"""

from __future__ import annotations

import json
import os
from typing import Iterable, List, Optional, Tuple, TypedDict, Union

from . import _reprint
from ._reprint import ReprintError

__all__ = [
    "Detector",
    "ReprintError",
    "Scores",
    "Member",
    "Group",
    "Match",
    "Rejected",
]


class Scores(TypedDict):
    """The evidence between two documents ``a`` and ``b``."""

    #: Jaccard similarity estimated from the MinHash signatures.
    estimated_jaccard: float
    #: Jaccard similarity of the shingle sets.
    jaccard: float
    #: Share of ``a``'s shingles found in ``b``.
    containment_ab: float
    #: Share of ``b``'s shingles found in ``a``.
    containment_ba: float
    #: Whether the scores are exact (computed on the shingle sets).
    exact: bool
    #: Share of the distinctive numbers shared, or None when either has few.
    number_overlap: Optional[float]


class Member(TypedDict):
    """A member of a group, with its scores against the representative."""

    id: str
    scores: Scores


class Group(TypedDict):
    """A group of copies of one text: its representative (the most complete
    version) and every member sorted by id."""

    representative: str
    members: List[Member]


class Match(TypedDict):
    """An indexed document that matches a text."""

    #: The indexed document's id (of exact copies, the smallest).
    id: str
    #: How many indexed documents have exactly this content.
    copies: int
    #: ``a`` is the text asked about, ``b`` the indexed document.
    scores: Scores


#: A document that ``insert_batch`` did not index: (position, id, reason).
Rejected = Tuple[int, str, str]

PathLike = Union[str, "os.PathLike[str]"]


class Detector:
    """Finds groups of copies among the documents inserted into it.

    Every setting left out takes the library's default; these are the
    settings of the ``dedup`` command line.

    :param threshold: Jaccard similarity that makes two documents reprints.
    :param containment: share of the smaller document found in the larger
        that makes them reprints.
    :param shingle: ``"words:N"``, ``"chars:N"`` or ``"auto:N:M"``
        (default ``"auto:5:5"``).
    :param num_perm: values per MinHash signature.
    :param seed: seed for all hashing.
    :param containment_bands: one-value LSH bands that find a short copy
        inside a much longer page (default 32; 0 turns them off).
    :raises ReprintError: on a bad setting.
    """

    __slots__ = ("_inner",)

    def __init__(
        self,
        *,
        threshold: Optional[float] = None,
        containment: Optional[float] = None,
        shingle: Optional[str] = None,
        num_perm: Optional[int] = None,
        seed: Optional[int] = None,
        containment_bands: Optional[int] = None,
    ) -> None:
        config = _reprint.config_json(threshold, containment, shingle, num_perm, seed, containment_bands)
        self._inner = _reprint.Detector(config)

    @classmethod
    def load(cls, path: PathLike) -> "Detector":
        """Loads an index file written by :meth:`save` or ``dedup --index``.

        :raises ReprintError: if the file is missing, damaged or not an index.
        """
        self = cls.__new__(cls)
        self._inner = _reprint.Detector.load(os.fspath(path))
        return self

    def save(self, path: PathLike) -> None:
        """Saves the index to ``path`` atomically (a temporary file renamed
        over it)."""
        self._inner.save(os.fspath(path))

    @property
    def config(self) -> dict:
        """Every setting, as the library's configuration serializes it."""
        return json.loads(self._inner.config())

    def insert(self, id: str, text: str) -> List[Match]:
        """Indexes one document and returns its matches, best first.

        :raises ReprintError: if the id is empty or already indexed, or the
            text is empty after normalization or too large.
        """
        return json.loads(self._inner.insert(id, text))

    def insert_batch(self, docs: Iterable[Tuple[str, str]]) -> List[Rejected]:
        """Indexes many ``(id, text)`` documents in parallel, as inserting them
        one by one would, and returns those it did not index with the reason
        (an id repeated keeps its first occurrence)."""
        return self._inner.insert_batch(list(docs))

    def query(self, text: str) -> List[Match]:
        """The indexed documents that ``text`` copies or that copy it, best
        first, without indexing it."""
        return json.loads(self._inner.query(text))

    def remove(self, id: str) -> None:
        """Removes a document.

        :raises ReprintError: if no document has this id.
        """
        self._inner.remove(id)

    def groups(self) -> List[Group]:
        """The groups of two or more copies, sorted by their smallest id."""
        return json.loads(self._inner.groups())

    def group_of(self, id: str) -> Optional[Group]:
        """The group of one document, or None if it has no copies."""
        g = self._inner.group_of(id)
        return None if g is None else json.loads(g)

    def __len__(self) -> int:
        return len(self._inner)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._inner

    def __repr__(self) -> str:
        return f"<reprint.Detector with {len(self)} documents>"

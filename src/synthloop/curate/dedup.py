"""``curate.dedup``: remove duplicates, keeping one member of each cluster.

``method: exact`` hashes the normalised text (case, punctuation and whitespace ignored).
Which member is kept is configurable: the ``first`` by position, the ``longest`` text, or the
highest ``score`` (a numeric data field named by ``score_field``). A record this stage already
accepted stays kept, so resumed and topped-up runs never flip an earlier decision. Rejected
records name the kept record in their reason.

``method: minhash`` finds near duplicates: shingles (word or character n-grams), MinHash
signatures of ``num_perm`` permutations, LSH banding, then the exact Jaccard of every candidate
pair (see :mod:`synthloop.curate.minhash` for the banding math). ``method: semantic`` embeds the
text with all-MiniLM-L6-v2 and compares cosine similarity inside k-means clusters, as SemDeDup
does (:mod:`synthloop.curate.semantic`). Both cluster the verified pairs (single linkage) and
keep one member per cluster by the same ``keep`` rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import Field, model_validator

from synthloop.curate import prehash
from synthloop.curate.clusters import Link, Links, resolve
from synthloop.curate.minhash import (
    DEFAULT_NGRAM,
    DEFAULT_NUM_PERM,
    DEFAULT_SEED,
    DEFAULT_THRESHOLD,
    IndexedBatch,
    NearDupIndex,
    choose_bands,
)
from synthloop.curate.shingles import shingle
from synthloop.errors import DataError
from synthloop.records import Record, Status, normalize, record_text
from synthloop.registry import register
from synthloop.stages import (
    CorpusStage,
    Outcome,
    Pass,
    Reject,
    Rejection,
    StageContext,
    StageParams,
)

if TYPE_CHECKING:
    from synthloop.store import ImportedRows

_MINHASH_KEYS = ("shingle", "ngram", "num_perm", "bands", "rows")
UNIQUE = Pass("unique")


class DedupParams(StageParams):
    """``fields`` restricts the compared text to those data fields (default: all text).

    ``threshold`` is the exact Jaccard of shingle sets for ``minhash`` (default 0.8) and the
    cosine similarity for ``semantic`` (default 0.95); ``exact`` takes none.

    MinHash banding: with ``bands`` b of ``rows`` r (b x r <= num_perm), a pair of Jaccard s
    becomes a candidate with probability ``1 - (1 - s^r)^b``. Left unset, b and r are the most
    rows for which a pair exactly at the threshold is found 95% of the time (0.8 and 128
    permutations: 18 x 7, p(0.8) = 0.986, p(0.5) = 0.13); candidates are then checked with the
    exact Jaccard, so a low r costs time, never precision.
    """

    method: Literal["exact", "minhash", "semantic"] = "exact"
    fields: list[str] | None = None
    keep: Literal["first", "longest", "score"] = "first"
    score_field: str | None = None
    threshold: float | None = Field(default=None, gt=0.0, le=1.0)
    shingle: Literal["word", "char"] = "word"
    ngram: int = Field(default=DEFAULT_NGRAM, ge=1, le=64)
    num_perm: int = Field(default=DEFAULT_NUM_PERM, ge=8, le=1024)
    bands: int | None = Field(default=None, ge=1)
    rows: int | None = Field(default=None, ge=1)
    seed: int = DEFAULT_SEED
    clusters: int | None = Field(default=None, ge=1, description="semantic: k-means clusters "
                                 "(default sqrt(n))")

    @model_validator(mode="after")
    def _score_field(self) -> DedupParams:
        if self.keep == "score" and not self.score_field:
            raise ValueError("keep: score needs score_field (the data field holding the score)")
        set_keys = self.model_fields_set
        if self.method != "minhash":
            misplaced = [k for k in _MINHASH_KEYS if k in set_keys]
            if misplaced:
                raise ValueError(f"{', '.join(misplaced)} only apply to method: minhash")
        if self.method != "semantic" and "clusters" in set_keys:
            raise ValueError("clusters only applies to method: semantic")
        if self.method == "exact" and self.threshold is not None:
            raise ValueError("method: exact takes no threshold; use minhash or semantic")
        if (self.bands is None) != (self.rows is None):
            raise ValueError("give both bands and rows, or neither (chosen from the threshold)")
        if self.bands and self.rows and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands x rows = {self.bands * self.rows} exceeds num_perm "
                             f"{self.num_perm}")
        return self

    @property
    def similarity(self) -> float:
        default = DEFAULT_THRESHOLD if self.method == "minhash" else 0.95
        return self.threshold if self.threshold is not None else default

    def banding(self) -> tuple[int, int]:
        if self.bands and self.rows:
            return self.bands, self.rows
        return choose_bands(self.similarity, self.num_perm)


def compared_text(record: Record, fields: list[str] | None) -> str:
    return data_text(record.data, fields)


def data_text(data: dict[str, Any], fields: list[str] | None) -> str:
    """The text compared: all of ``data``'s text, or the ``fields`` named, one a line."""
    if fields is None:
        return record_text(data)
    return "\n".join(str(data.get(f, "")) for f in fields)


Rank = tuple[int, float, int]


def keep_score(data: dict[str, Any], text: str, params: DedupParams) -> float:
    """The ``keep`` rule's score of a record's data: smaller is better (0 for ``first``)."""
    if params.keep == "longest":
        return -float(len(text))
    if params.keep == "score":
        raw = data.get(params.score_field or "")
        return -float(raw) if isinstance(raw, int | float) else float("inf")
    return 0.0


def keep_rank(record: Record, text: str, params: DedupParams, decided: bool) -> Rank:
    """Smaller is better. Records already accepted by this stage always win."""
    return (0 if decided else 1, keep_score(record.data, text, params), record.seq or 0)


@register
class Dedup(CorpusStage[DedupParams]):
    """Removes exact, near (MinHash) or semantic duplicates, keeping one per cluster."""

    name = "curate.dedup"
    batch_size = 2048
    stand_ins = True  # it reads text, id and seq, and writes verdicts only

    def needs_embedder(self) -> bool:
        return self.params.method == "semantic"

    def decides_on_data(self) -> bool:
        """``exact`` looks each record's text up again; the others decide by id from their
        index."""
        return self.params.method == "exact"

    def reads(self) -> tuple[str, ...]:
        return tuple(self.params.fields or ())

    def reset_index(self) -> None:
        self._indexed = 0
        self._keys_seen: set[str] = set()  # the data fields of the records (with ``fields``)
        self._kept: dict[bytes, tuple[Rank, str]] = {}
        self._near: _Clustered | None = None
        if self.params.method != "exact":
            self._near = _Clustered(self.params)

    def _key(self, record: Record) -> tuple[bytes, str]:
        text = compared_text(record, self.params.fields)
        return hashlib.blake2b(normalize(text).encode(), digest_size=16).digest(), text

    def _note_fields(self, data: list[dict[str, Any]]) -> None:
        """Count the records and their data fields, for :meth:`_check_fields`."""
        if self.params.fields is not None:
            self._indexed += len(data)
            self._keys_seen.update(f for d in data for f in d)

    def index(self, batch: list[Record], ctx: StageContext) -> None:
        data = [rec.data for rec in batch]
        self._note_fields(data)
        if self._near is not None:
            done = np.fromiter(map(ctx.decided, batch), bool, len(batch))
            ok = np.fromiter((rec.status is Status.OK for rec in batch), bool, len(batch))
            self._near.add([rec.id for rec in batch], data, [rec.seq or 0 for rec in batch],
                           done, ok & ~done, ctx)
            return
        for rec in batch:
            key, text = self._key(rec)
            decided = ctx.decided(rec)
            rank = keep_rank(rec, text, self.params, decided)
            current = self._kept.get(key)
            if current is None or rank < current[0]:
                self._kept[key] = (rank, rec.id)

    def index_imported(self, rows: ImportedRows, ctx: StageContext) -> None:
        """The rows' columns straight into the near-duplicate index, with no record each;
        ``exact`` indexes records."""
        if self._near is None:
            super().index_imported(rows, ctx)
            return
        ok = rows.ok()
        ids, data = rows.ids, rows.data
        if len(ok) < len(rows):
            ids, data = [ids[i] for i in ok], [data[i] for i in ok]
        self._note_fields(data)
        seqs = np.asarray(ok, dtype=np.int64) + rows.first_seq
        # what ctx.decided says of a row just imported (ok, through no stage yet)
        decided = seqs <= ctx.decided_through
        self._near.add(ids, data, seqs, decided, ~decided, ctx,
                       self._wanted(rows.slots if len(ok) == len(rows) else
                                    [rows.slots[i] for i in ok], ctx))

    def _wanted(self, slots: list[int], ctx: StageContext) -> prehash.Wanted | None:
        """What to ask the process forked at startup (:mod:`synthloop.curate.prehash`) for
        the source's rows at ``slots``, when one runs and this stage is one it could index."""
        p, spec = self.params, ctx.spec
        source = spec.source if spec is not None else None
        if (not prehash.running() or p.method != "minhash" or p.fields is not None
                or spec is None or source is None or source.fields):
            return None
        bands, rows = p.banding()
        return prehash.Wanted(spec.resolve(source.path),
                              prehash.Settings(p.shingle == "char", p.ngram, bands, rows,
                                               p.seed, p.similarity), slots)

    def _check_fields(self) -> None:
        fields = self.params.fields
        if fields is not None and self._indexed and not self._keys_seen.intersection(fields):
            raise DataError(
                f"stage {self.label}: fields {fields} are in none of the {self._indexed} "
                f"records (they have {', '.join(sorted(self._keys_seen))}); every record would "
                "be a duplicate of the first. Fix `fields:` in the spec.")

    def rejections(self, ctx: StageContext) -> Iterator[Rejection] | None:
        """The near and semantic duplicates, from the clusters alone; ``exact`` decides batch
        by batch (its index keeps no key per record)."""
        if self._near is None:
            return None
        self._check_fields()
        return self._near.rejections()

    def decide(self, batch: list[Record], ctx: StageContext) -> list[Record]:
        self._check_fields()
        outcomes = (self._near.decide(batch) if self._near is not None
                    else [self._exact(rec) for rec in batch])
        for rec, outcome in zip(batch, outcomes, strict=True):
            self.apply(rec, outcome)
        return batch

    def _exact(self, rec: Record) -> Outcome:
        kept = self._kept[self._key(rec)[0]][1]
        if kept == rec.id:
            return UNIQUE
        return Reject("exact_duplicate", f"exact duplicate of record {kept} (same normalised "
                      "text)")


class _Clustered:
    """The minhash and semantic paths: index every record's text, find verified similar pairs
    once, cluster them, and reject all but the kept member of each cluster.

    Per record it keeps only its id (UTF-8 bytes in a fixed-width array, looked up by binary
    search), its rank (decided, score, seq: 17 bytes) and whether it is undecided (a byte),
    not Python objects: at 10 million records a list of ids and a dict of positions took
    about 1.5 GB.
    """

    ranks_dtype = np.dtype([("decided", "i1"), ("score", "f8"), ("seq", "i8")])

    def __init__(self, params: DedupParams) -> None:
        self.params = params
        self.ids: list[np.ndarray] = []  # per batch until the first decision, then one array
        self.ranks: list[np.ndarray] = []
        # per batch: whether each record is still to be decided (live, not yet passed here)
        self.undecided: list[np.ndarray] = []
        self.links: Links | None = None
        # the store seq of each document that ``links`` rejects, and whether it is undecided
        self._link_seqs = np.zeros(0, np.int64)
        self._link_undecided = np.zeros(0, bool)
        # the ids in order and where each was indexed, sorted when a batch is first decided
        # (a stage decided as a whole names its rejections by position, never looks one up)
        self._id_order: np.ndarray | None = None
        self._sorted_ids = np.zeros(0, "S1")
        self.minhash: NearDupIndex | None = None  # made by the first add (it needs the run dir)
        self.docs = 0
        self.hashed_here = False  # whether a batch was hashed here, not taken from the prehash
        # batches asked of the prehash that it has not sent yet, with their data (in order)
        self._pending: list[tuple[prehash.Wanted, list[dict[str, Any]]]] = []
        self.vectors: list[np.ndarray] = []

    def _index(self, ctx: StageContext) -> NearDupIndex:
        """The MinHash index; its shingle segments spill into the run's folder (on the disk
        the user chose for the run, not a /tmp that may be memory)."""
        if self.minhash is None:
            p = self.params
            bands, rows = p.banding()
            self.minhash = NearDupIndex(p.num_perm, bands, rows, p.seed, spill_dir=ctx.run_dir)
        return self.minhash

    def add(self, ids: list[str], data: list[dict[str, Any]], seqs: Sequence[int] | np.ndarray,
            decided: np.ndarray, undecided: np.ndarray, ctx: StageContext,
            wanted: prehash.Wanted | None = None) -> None:
        """Index records given column-wise: ids, data, seqs, whether this stage decided each
        before and whether each is still to be decided; ``wanted``: their MinHash index is
        asked of the prehash (taken when it is sent; until the decision it need not be)."""
        # each rank column filled whole (as keep_rank orders them), not a tuple per record
        # made into a structured array: 0.05 s less of the neardup benchmark's 31,500 records
        fields = self.params.fields
        texts = ([] if wanted is not None and self.params.keep == "first" else self._texts(data))
        ranks = np.zeros(len(ids), self.ranks_dtype)
        ranks["decided"] = ~decided
        ranks["seq"] = seqs
        if self.params.keep != "first":
            ranks["score"] = [keep_score(d, text, self.params)
                              for d, text in zip(data, texts, strict=True)]
        self.ranks.append(ranks)
        self.undecided.append(undecided)
        self.ids.append(np.array(list(map(str.encode, ids)), dtype=bytes))
        self.docs += len(ids)
        if self.params.method == "minhash":
            index = self._index(ctx)
            if wanted is not None:
                self._pending.append((wanted, data))
                self._take(index, wait=False)
            else:
                self._take(index, wait=True)  # (documents are numbered in the order added)
                index.add_indexed(self._hash(index, texts))
        else:
            from synthloop.embed import embed

            self.vectors.append(embed(texts))

    def _texts(self, data: list[dict[str, Any]]) -> list[str]:
        fields = self.params.fields
        return (list(map(record_text, data)) if fields is None
                else [data_text(d, fields) for d in data])

    def _hash(self, index: NearDupIndex, texts: list[str]) -> IndexedBatch:
        self.hashed_here = True
        return index.index(shingle(texts, unit=self.params.shingle, n=self.params.ngram))

    def _take(self, index: NearDupIndex, wait: bool) -> None:
        """Add the pending batches the prehash has sent; one it cannot give is hashed here.
        ``wait``: all of them, the prehash's from the first on and this process's from the
        last back while the next is not there yet, until the two meet (then the prehash is
        closed): at the neardup benchmark's decision the parent used to wait 0.2 s for the
        child's last seven batches and its pairs."""
        stolen: list[IndexedBatch] = []  # hashed here from the last back
        while self._pending and (wait or prehash.ready()):
            if wait and not prehash.ready():
                stolen.append(self._hash(index, self._texts(self._pending.pop()[1])))
                continue
            wanted, data = self._pending.pop(0)
            batch = prehash.take(wanted)
            index.add_indexed(batch if batch is not None else
                              self._hash(index, self._texts(data)))
        for batch in reversed(stolen):
            index.add_indexed(batch)
        if stolen:  # (its pairs would not be this index's)
            prehash.close()

    def _resolve(self) -> Links:
        threshold = self.params.similarity
        if self.params.method == "minhash":
            if self.minhash is None:  # nothing was indexed
                left = right = np.zeros(0, np.int64)
                sims = np.zeros(0)
            else:  # the prehash's pairs when it indexed every document, else found here
                self._take(self.minhash, wait=True)
                # (pairs still being found there would take as long as finding them here)
                found = (None if self.hashed_here or not prehash.ready()
                         else prehash.take_pairs(self.docs))
                prehash.close()
                left, right, sims = found if found is not None else self.minhash.pairs(threshold)
        else:
            from synthloop.curate.semantic import similar_pairs

            vectors = np.concatenate(self.vectors) if self.vectors else np.zeros((0, 1))
            left, right, sims = similar_pairs(vectors, threshold, clusters=self.params.clusters,
                                              seed=self.params.seed)
        ranks = np.concatenate(self.ranks) if self.ranks else np.zeros(0, self.ranks_dtype)
        undecided = np.concatenate(self.undecided) if self.undecided else np.zeros(0, bool)
        self.ranks, self.undecided = [], []

        def priority(docs: np.ndarray) -> np.ndarray:
            at = ranks[docs]
            order = np.lexsort((docs, at["seq"], at["score"], at["decided"]))
            place = np.empty(len(docs), dtype=np.int64)
            place[order] = np.arange(len(docs))
            return place

        self.ids = [np.concatenate(self.ids) if self.ids else np.zeros(0, "S1")]
        links = resolve(left, right, sims, priority)
        self._link_seqs, self._link_undecided = ranks["seq"][links.doc], undecided[links.doc]
        return links

    def _positions(self, batch: list[Record]) -> np.ndarray:
        """Where each record of ``batch`` was indexed."""
        if self._id_order is None:
            self._id_order = np.argsort(self.ids[0], kind="stable")
            self._sorted_ids = self.ids[0][self._id_order]
        wanted = np.array([rec.id.encode() for rec in batch], dtype=bytes)
        at = np.minimum(np.searchsorted(self._sorted_ids, wanted),
                        max(len(self._sorted_ids) - 1, 0))
        missing = (np.flatnonzero(self._sorted_ids[at] != wanted) if len(self._sorted_ids)
                   else np.arange(len(batch)))
        if len(missing):
            raise KeyError(f"record {batch[missing[0]].id} was not indexed by this stage")
        return self._id_order[at]

    def _id(self, doc: int) -> str:
        return bytes(self.ids[0][doc]).decode()

    def reason(self, link: Link) -> str:
        p = self.params
        if p.method == "minhash":
            kind, measure = "near duplicate", "exact Jaccard"
            basis = f"{p.shingle} {p.ngram}-gram shingles"
        else:
            kind, measure, basis = "semantic duplicate", "cosine", "all-MiniLM-L6-v2 embeddings"
        kept = self._id(link.kept)
        if link.neighbour == link.kept:
            return (f"{kind} of record {kept} ({measure} {link.similarity:.3f} on {basis}; "
                    f"threshold {p.similarity})")
        return (f"{kind} of record {kept}, kept for a cluster of {link.cluster_size} "
                f"({measure} {link.similarity:.3f} with record {self._id(link.neighbour)} "
                f"on {basis}; threshold {p.similarity})")

    def _reject(self, link: Link) -> Reject:
        code = "near_duplicate" if self.params.method == "minhash" else "semantic_duplicate"
        return Reject(code, self.reason(link))

    def decide(self, batch: list[Record]) -> list[Outcome]:
        if self.links is None:
            self.links = self._resolve()
        if not batch:
            return []
        return [UNIQUE if link is None else self._reject(link)
                for link in self.links.find(self._positions(batch))]

    def rejections(self) -> Iterator[Rejection]:
        """The undecided records that are not their cluster's keeper, in index order (the
        store's ``seq`` order); records decided before are never turned down."""
        if self.links is None:
            self.links = self._resolve()
        for k in np.flatnonzero(self._link_undecided).tolist():
            link = self.links[k]
            yield Rejection(int(self._link_seqs[k]), self._id(int(self.links.doc[k])),
                            self._reject(link))

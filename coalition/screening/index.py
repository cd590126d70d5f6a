"""The candidate index: which listed entities are worth scoring for a query, in memory.

Every distinct name token of the list is a vocabulary entry with a posting array of the
entities that carry it. Lookup keys lead from a query token to vocabulary entries:

- `d:` the spelling and each spelling with one letter deleted (symmetric deletion
  neighbourhood: any one substitution, insertion, deletion or transposition in a token of four
  letters or more still meets, in every token of the name at once);
- `k:` the consonant key (spelling variants meet here);
- `a:` the letter-class keys (`abjad_keys`) that words in Arabic script look up with;
- whole names written without spaces (`JSCARGUMENT`) and identifiers have their own maps.

A query token gathers the entities behind every vocabulary entry it reaches, each weighed by
the token similarity times the entry's specificity; the entities with the largest sums are
the candidates. No search server is involved; the keys (hashed) and postings live in flat
numpy arrays, which `persist.py` saves and loads whole.
"""

from __future__ import annotations

import itertools
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from coalition.model.schema import get_schema
from coalition.names.acronyms import acronym, looks_like_acronym
from coalition.names.forms import Kind, Token, analyse
from coalition.names.frequency import population_cap
from coalition.names.phonetic import abjad_keys
from coalition.screening.nametable import NameTable, ranges
from coalition.screening.records import Record
from coalition.screening.similarity import specificity, token_similarity, weight
from coalition.screening.vector import VocabularyTable

if TYPE_CHECKING:
    from coalition.screening.prepared import PreparedQuery

MIN_DELETE_LENGTH = 4
COMPACT_WEIGHT = 1.0
IDENTIFIER_WEIGHT = 10.0
# query tokens whose retrieval is kept between queries, then all dropped and kept anew (3,000
# distinct tokens of a 4,214-query batch held about 15 MB)
GATHERED_TOKENS = 10_000


ARRAYS = ("post_start", "post_data", "key_hash", "key_start", "key_data",
          *("names_" + name for name in NameTable.SAVED))


def key_hash(key: str) -> int:
    """A lookup key as a stable 64-bit number: its length in bytes and its CRC-32."""
    data = key.encode()
    return (len(data) << 32) | zlib.crc32(data)


def _csr(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Lists of ints as offsets and one flat int32 array."""
    start = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=start[1:])
    data = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int32,
                       count=int(start[-1]))
    return start, data


def deletes(text: str) -> set[str]:
    """The spellings with one letter removed."""
    return {text[:i] + text[i + 1:] for i in range(len(text))}


def lookup_keys(token: Token) -> list[str]:
    """The keys a query token looks up with (a generic word only its own code)."""
    if token.kind == Kind.GENERIC:
        return ["g:" + token.text]
    if token.abjad:
        return ["a:" + k for k in abjad_keys(token.text, True) if k]
    keys = ["d:" + token.text]
    if len(token.text) >= MIN_DELETE_LENGTH:
        keys.extend("d:" + d for d in deletes(token.text))
    if len(token.key) >= 2:
        keys.append("k:" + token.key)
    return keys


def index_keys(token: Token) -> list[str]:
    """The keys a listed token is found under: its own lookup keys and the letter-class keys
    that abjad query words look up with."""
    if token.kind == Kind.GENERIC:
        return lookup_keys(token)
    if token.abjad:
        return lookup_keys(token) + (["k:" + token.key] if token.key else [])
    return lookup_keys(token) + ["a:" + k for k in abjad_keys(token.text, False) if k]


def _name_counts(records: Sequence[Record], tokens: Sequence[Token]) -> dict[str, int]:
    """Whole names (words written together) that two or more entities of one list carry, with
    the largest such count over the lists. A list names an entity once, so a name several of
    its entities share is a common one; the same name on several lists is one entity's."""
    per_list: dict[tuple[str, str], int] = {}
    for record in records:
        spelled = {"".join(tokens[e].text for e in name) for name in (*record.names,
                                                                     *record.weak)}
        for dataset in record.datasets:
            for text in spelled:
                per_list[(text, dataset)] = per_list.get((text, dataset), 0) + 1
    out: dict[str, int] = {}
    for (text, _), count in per_list.items():
        if count > 1 and count > out.get(text, 1):
            out[text] = count
    return out


def _acronyms(records: Sequence[Record], tokens: Sequence[Token]
              ) -> tuple[dict[str, list[int]], dict[str, int]]:
    """The organisations' acronyms (names/acronyms.py) with the records they stand for, and
    those that two or more organisations of one list share, with the largest such count."""
    out: dict[str, list[int]] = {}
    per_list: dict[tuple[str, str], int] = {}
    for idx, record in enumerate(records):
        if record.is_person:
            continue
        found = {a for a in (acronym([tokens[e] for e in name]) for name in record.names) if a}
        for text in found:
            out.setdefault(text, []).append(idx)
            for dataset in record.datasets:
                per_list[(text, dataset)] = per_list.get((text, dataset), 0) + 1
    counts: dict[str, int] = {}
    for (text, _), count in per_list.items():
        if count > 1 and count > counts.get(text, 1):
            counts[text] = count
    return out, counts


@dataclass(frozen=True, slots=True)
class Gathered:
    """What retrieval found for one query token: its similarity to every vocabulary entry
    its keys reach (`sims`), those above 0 (`reached`), and the records that carry them with
    the token's contribution to each record's bound and rank (None where nothing is reached).
    The arrays are shared between queries and never written to."""

    sims: dict[int, float]
    reached: dict[int, float]
    records: np.ndarray | None
    bound: np.ndarray | None
    rank: np.ndarray | None


class CandidateIndex:
    """Vocabulary, postings and lookup keys over a list of compiled records."""

    def __init__(self, records: list[Record], *, organisation_forms: bool = True) -> None:
        self.records: Sequence[Record] = records
        self.schema_names = [r.schema.name for r in records]
        self.tokens: list[Token] = []
        self._vocab: dict[Token, int] = {}
        self._analysed: dict[tuple[str, bool], tuple[int, ...]] = {}
        postings: list[list[int]] = []
        compacts: dict[str, list[int]] = {}
        identifiers: dict[str, list[int]] = {}
        for idx, record in enumerate(records):
            record.position = idx
            org = organisation_forms and not record.is_person
            record.names = tuple(self._ids(n, org) for n in record.raw_names)
            record.weak = tuple(self._ids(n, org) for n in record.raw_weak)
            record.compacts = tuple("".join(self.tokens[i].text for i in n)
                                    for n in record.names)
            seen: set[int] = set()
            for name in (*record.names, *record.weak):
                seen.update(name)
            while len(postings) < len(self.tokens):
                postings.append([])
            for entry in seen:
                postings[entry].append(idx)
            for compact, name in zip(record.compacts, record.names, strict=True):
                if len(name) > 1:
                    compacts.setdefault(compact, []).append(idx)
            for ident in record.identifiers:
                identifiers.setdefault(ident, []).append(idx)
        self._analysed.clear()
        self.name_counts = _name_counts(records, self.tokens)
        self.acronyms, self.acronym_counts = _acronyms(records, self.tokens)
        hashes, entries = array("Q"), array("i")
        for entry, token in enumerate(self.tokens):
            if token.kind in (Kind.NAME, Kind.INITIAL, Kind.GENERIC):
                for key in index_keys(token):
                    hashes.append(key_hash(key))
                    entries.append(entry)
        self.compacts = {k: sorted(set(v)) for k, v in compacts.items()}
        self.identifiers = {k: sorted(set(v)) for k, v in identifiers.items()}
        self.post_start, self.post_data = _csr(postings)
        flat = np.frombuffer(hashes, dtype=np.uint64)
        order = np.argsort(flat, kind="stable")
        self.key_data = np.frombuffer(entries, dtype=np.int32)[order]
        self.key_hash, first = np.unique(flat[order], return_index=True)
        self.key_start = np.append(first, len(flat)).astype(np.int64)
        self._derive()
        self.names = NameTable.build(records, self.tokens, self.weights)

    def _derive(self) -> None:
        """What follows from the tokens and postings (also after loading a saved index)."""
        self.df = np.diff(self.post_start).tolist()
        self.spec = [specificity(d) for d in self.df]
        self.weights = [weight(t, sp) for t, sp in zip(self.tokens, self.spec, strict=True)]
        # what a word says about who is meant also depends on how many people carry it
        self.evidence = [weight(t, min(sp, population_cap(t.text)))
                         for t, sp in zip(self.tokens, self.spec, strict=True)]
        self._schema_masks: dict[str, np.ndarray] = {}
        self.table = VocabularyTable(self.tokens)
        self._gathered: dict[Token, Gathered] = {}

    @classmethod
    def restore(cls, records: Sequence[Record], schema_names: list[str], tokens: list[Token],
                arrays: dict[str, np.ndarray], compacts: dict[str, list[int]],
                identifiers: dict[str, list[int]], name_counts: dict[str, int],
                acronyms: dict[str, list[int]],
                acronym_counts: dict[str, int]) -> CandidateIndex:
        """An index as `arrays()` and the token, compact, identifier, name-count and acronym
        tables left it."""
        index = cls.__new__(cls)
        index.records = records
        index.schema_names = schema_names
        index.tokens = tokens
        index._vocab = {t: i for i, t in enumerate(tokens)}
        index.compacts, index.identifiers = compacts, identifiers
        index.name_counts = name_counts
        index.acronyms, index.acronym_counts = acronyms, acronym_counts
        for name in ARRAYS:
            if not name.startswith("names_"):
                setattr(index, name, arrays[name])
        index._derive()
        index.names = NameTable({name: arrays["names_" + name] for name in NameTable.SAVED},
                                tokens, index.weights)
        return index

    def arrays(self) -> dict[str, np.ndarray]:
        """The index's numeric tables, for saving."""
        index_arrays = {name: getattr(self, name) for name in ARRAYS if hasattr(self, name)}
        return {**index_arrays, **self.names.arrays()}

    def posting(self, entry: int) -> np.ndarray:
        """The records that carry a vocabulary entry."""
        return self.post_data[self.post_start[entry]:self.post_start[entry + 1]]

    def lookup(self, keys: list[str]) -> list[int]:
        """The vocabulary entries found under any of the keys (a hash collision may add an
        entry that the caller's similarity check then drops)."""
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        lo = np.searchsorted(self.key_hash, hashes, side="left")
        hi = np.searchsorted(self.key_hash, hashes, side="right")
        out: list[int] = []
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if a < b:
                out.extend(self.key_data[self.key_start[a]:self.key_start[b]].tolist())
        return out

    def _ids(self, name: str, organisation: bool) -> tuple[int, ...]:
        cached = self._analysed.get((name, organisation))
        if cached is not None:
            return cached
        ids = []
        for token in analyse(name, organisation=organisation).tokens:
            entry = self._vocab.get(token)
            if entry is None:
                entry = self._vocab[token] = len(self.tokens)
                self.tokens.append(token)
            ids.append(entry)
        out = self._analysed[(name, organisation)] = tuple(ids)
        return out

    def name_frequency(self, spelled: str) -> int:
        """How many entities of one list carry this whole name (its words written together),
        at most over the lists; 1 for a name no two entities of a list share."""
        return self.name_counts.get(spelled, 1)

    def entry(self, token: Token) -> int | None:
        """The vocabulary entry of a token spelled exactly so, if the list has it."""
        return self._vocab.get(token)

    def token_spec(self, token: Token) -> float:
        entry = self._vocab.get(token)
        return self.spec[entry] if entry is not None else 1.0

    def token_evidence_spec(self, token: Token) -> float:
        """A query word's specificity as evidence: on the lists and in the population."""
        return min(self.token_spec(token), population_cap(token.text))

    def schema_mask(self, schema: str) -> np.ndarray:
        """Which records a query of this schema may match (one schema descends from the other)."""
        mask = self._schema_masks.get(schema)
        if mask is None:
            wanted = get_schema(schema)
            allowed = {name: get_schema(name).is_a(schema) or wanted.is_a(name)
                       for name in set(self.schema_names)}
            mask = np.fromiter((allowed[name] for name in self.schema_names), dtype=bool,
                               count=len(self.schema_names))
            self._schema_masks[schema] = mask
        return mask

    def _gather(self, qt: Token, row: dict[int, float], pq: PreparedQuery,
                rank: np.ndarray, bound: np.ndarray) -> None:
        """Add what one query token contributes to each record: the best similarity x
        specificity among the vocabulary entries it reaches, to `bound` (the most the token
        can add to the record's name evidence) and to `rank`. For an abjad token an entry
        reached by a near spelling ranks no more specific than everything the token reaches
        together (a consonant class that many rare Latin spellings share says little).
        What a token gathers depends on the token alone, so it is kept for the next query
        with that token (`Gathered`)."""
        done = self._gathered.get(qt)
        if done is None:
            done = self._gathered_for(qt)
            if len(self._gathered) >= GATHERED_TOKENS:
                self._gathered.clear()
            self._gathered[qt] = done
        row.update(done.sims)
        if done.records is None:
            return
        pq.reached.update(done.reached)
        # the same float32 sums as adding the dense per-record arrays: elsewhere they add 0
        bound[done.records] += done.bound
        rank[done.records] += done.rank

    def _gathered_for(self, qt: Token) -> Gathered:
        sims: dict[int, float] = {}
        reached: dict[int, float] = {}
        tokens = self.tokens
        for entry in self.lookup(lookup_keys(qt)):
            if entry not in sims:
                sim = sims[entry] = token_similarity(qt, tokens[entry])
                if sim > 0.0:
                    reached[entry] = sim
        if not reached:
            return Gathered(sims, reached, None, None, None)
        spec = self.spec
        records, best = self._scatter({e: sim * spec[e] for e, sim in reached.items()})
        ranked = best
        if qt.abjad:
            union = specificity(sum(self.df[e] for e in reached))
            again, ranked = self._scatter({e: sim * (spec[e] if sim >= 1.0 else
                                                     min(spec[e], union))
                                           for e, sim in reached.items()})
            assert np.array_equal(again, records)
        return Gathered(sims, reached, records, best, ranked)

    def _scatter(self, weighted: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """The records that carry any of the entries (ascending) and, per record, the largest
        weight among the entries it carries, as float32."""
        entries = np.fromiter(weighted, dtype=np.int64, count=len(weighted))
        contribs = np.fromiter(weighted.values(), dtype=np.float64, count=len(weighted))
        positions, owner = ranges(self.post_start[entries], self.post_start[entries + 1])
        records = np.unique(self.post_data[positions])
        best = np.zeros(len(self.records), dtype=np.float32)
        # the float32 of the largest weight is the largest of the float32s: rounding keeps order
        np.maximum.at(best, self.post_data[positions], contribs.astype(np.float32)[owner])
        return records, best[records]

    def candidates(self, pq: PreparedQuery, *, limit: int = 40) -> list[tuple[int, float]]:
        """The `limit` records that share the most specific tokens with the query
        (typo-tolerant), plus every record that carries one of its identifiers, as (index,
        weight) pairs, best first; the weight bounds the record's name evidence. Fills the
        query's similarity rows, `reached` and `compact_hits` on the way."""
        n = len(self.records)
        total = np.zeros(n, dtype=np.float32)
        bound = np.zeros(n, dtype=np.float32)
        for qf in pq.all_forms:
            # generic words (group, front, islamic) are looked up only for a name of no other
            kinds = (Kind.NAME,) if any(t.kind == Kind.NAME for t in qf.tokens) else \
                (Kind.GENERIC,)
            for position, qt in enumerate(qf.tokens):
                if qt.kind not in kinds:
                    continue
                self._gather(qt, qf.rows[position], pq, total, bound)
            # an abjad name splits what Latin spellings join (حمید الله / Hamidullah)
            abjad = [t for t in qf.tokens if t.abjad and t.kind == Kind.NAME]
            for a, b in zip(abjad, abjad[1:], strict=False):
                self._gather(Token(a.text + b.text, a.key + b.key, True), {}, pq, total,
                             bound)
            texts = [t.text for t in qf.tokens]
            joined = {"".join(texts)} if len(texts) > 1 else set()
            joined.update(a + b for a, b in zip(texts, texts[1:], strict=False))
            joined.update(t for t in texts if len(t) >= 6)
            for compact in joined:
                hit = self.compacts.get(compact)
                if hit is not None:
                    total[hit] += COMPACT_WEIGHT
                    bound[hit] += COMPACT_WEIGHT
                    pq.compact_hits.update(hit)
            if looks_like_acronym(qf.tokens):
                hit = self.acronyms.get(qf.tokens[0].text)
                if hit is not None:
                    total[hit] += COMPACT_WEIGHT
                    bound[hit] += COMPACT_WEIGHT
                    pq.acronym_hits.update(hit)
        for ident in pq.query.identifiers:
            for idx in self.identifiers.get(ident, ()):
                total[idx] += IDENTIFIER_WEIGHT
                bound[idx] += IDENTIFIER_WEIGHT
        if pq.query.schema != "Thing":
            total *= self.schema_mask(pq.query.schema)
        hits = int(np.count_nonzero(total))
        if hits == 0:
            return []
        if hits > limit:
            top = np.argpartition(-total, limit)[:limit]
        else:
            top = np.flatnonzero(total)
        ranked = sorted(((float(total[i]), int(i)) for i in top if total[i] > 0.0), reverse=True)
        return [(i, float(bound[i])) for _, i in ranked]


"""A query prepared against one index: analysed names, token weights, similarity rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from coalition.names.forms import NameForm, Token, analyse
from coalition.names.readings import readings
from coalition.screening.index import CandidateIndex
from coalition.screening.query import Query
from coalition.screening.similarity import token_similarity, weight


@dataclass(slots=True)
class QueryForm:
    """One analysed query name: its tokens, their weights and, per token, the similarity to
    each vocabulary entry met so far (filled by retrieval, completed lazily by scoring)."""

    form: NameForm
    weights: list[float]
    evidence: list[float]
    rows: list[dict[int, float]]
    # the entries `fill` completed, their best similarity and best weighted similarity
    best: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    filled: bool = False
    # what the compiled kernel (_kernel.pyx) keeps of this form, made on its first use
    kernel: object | None = None
    # fill's entries and, per token (rows), their similarity to each; NaN for a token in an
    # abjad (its rows stay lazy): the kernel reads these instead of the row dicts
    dense: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.form.tokens

    @property
    def abjad(self) -> bool:
        return any(t.abjad for t in self.form.tokens)


@dataclass(slots=True)
class PreparedQuery:
    """The query, its names analysed as an organisation's and as a person's, and the index it
    is compared against. `reached` holds the vocabulary entries retrieval found for the query's
    tokens; `compact_hits` the records whose whole name, written without spaces, it met;
    `acronym_hits` the organisations whose acronym the query is."""

    query: Query
    index: CandidateIndex
    org_forms: tuple[QueryForm, ...]
    person_forms: tuple[QueryForm, ...]
    reached: set[int] = field(default_factory=set)
    compact_hits: set[int] = field(default_factory=set)
    acronym_hits: set[int] = field(default_factory=set)
    names_seen: dict[tuple[int, tuple[int, ...], bool], tuple[float, float, int, float]] = field(
        default_factory=dict)

    @classmethod
    def prepare(cls, query: Query, index: CandidateIndex) -> PreparedQuery:
        # a name in Han or Hangul is also screened under its other readings (readings.py)
        names = [*query.names, *(r for n in query.names for r in readings(n))]
        org = _distinct(analyse(n, organisation=True) for n in names)
        person = _distinct(analyse(n, organisation=False) for n in names)
        org_forms = tuple(_query_form(f, index) for f in org if f.tokens)
        person_forms = tuple(
            next((qf for qf in org_forms if qf.form == f), None) or _query_form(f, index)
            for f in person if f.tokens
        )
        return cls(query, index, org_forms, person_forms)

    def forms_for(self, is_person: bool) -> tuple[QueryForm, ...]:
        return self.person_forms if is_person else self.org_forms

    @property
    def all_forms(self) -> tuple[QueryForm, ...]:
        extra = tuple(f for f in self.person_forms if f not in self.org_forms)
        return self.org_forms + extra

    def fill(self, entries: set[int], *, rows: bool = True) -> None:
        """Complete every form's similarity rows for these vocabulary entries in one batch
        (vector.py), so that scoring finds them computed (in `QueryForm.dense`, and with
        `rows` in the row dicts too, which the Python scoring reads), and note per entry what
        `bounds.py` needs (`QueryForm.best`): the entries, their best similarity to any query
        token and the best similarity times that token's weight. A token in an abjad is
        compared pair by pair in Python, so its rows stay lazy and count as 1 in the bound."""
        table = self.index.table
        every = sorted(entries)  # ascending: bounds.py finds them by binary search
        forms = self.all_forms
        tokens = [qt for qf in forms for qt in qf.form.tokens if not qt.abjad]
        matrix = table.matrix(tokens, every) if every and tokens else None
        keys = np.asarray(every, dtype=np.int64)
        start = 0
        for qf in forms:
            if not every:
                qf.filled = True
                continue
            lines, dense = [], []
            for qt, row in zip(qf.form.tokens, qf.rows, strict=True):
                if qt.abjad or matrix is None:
                    lines.append(np.ones(len(every)))
                    dense.append(np.full(len(every), np.nan))
                    continue
                line = matrix[start]
                start += 1
                if rows:
                    row.update(zip(every, line.tolist(), strict=True))
                lines.append(line)
                dense.append(line)
            qf.dense = (keys, np.vstack(dense))
            if len(lines) == 1:
                best = lines[0]
                weighted = lines[0] * qf.weights[0]
            else:
                sims = np.vstack(lines)
                best = sims.max(axis=0)
                weighted = (sims * np.asarray(qf.weights)[:, None]).max(axis=0)
            qf.best = (keys, best, weighted)
            qf.filled = True

    def similarity(self, qf: QueryForm, position: int, entry: int) -> float:
        row = qf.rows[position]
        sim = row.get(entry)
        if sim is None:
            sim = row[entry] = token_similarity(qf.form.tokens[position],
                                                self.index.tokens[entry])
        return sim


def _distinct(forms: Iterable[NameForm]) -> list[NameForm]:
    """The forms with their tokens each once: names that analyse alike are compared once."""
    seen: dict[tuple[Token, ...], NameForm] = {}
    for form in forms:
        seen.setdefault(form.tokens, form)
    return list(seen.values())


def _query_form(form: NameForm, index: CandidateIndex) -> QueryForm:
    weights = [weight(t, index.token_spec(t)) for t in form.tokens]
    evidence = [weight(t, index.token_evidence_spec(t)) for t in form.tokens]
    return QueryForm(form, weights, evidence, [{} for _ in form.tokens])

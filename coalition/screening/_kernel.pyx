# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The per-record name scoring of features.py in C: `_best_name`, `_name_similarity`,
`align`, `short_word_penalty` and `_whole`, over typed arrays instead of tuples and dicts.

The rules and their constants are those of features.py and similarity.py, read from them
when this module is imported; the Python functions stay the reference (and the path taken
where this extension is not built, or COALITION_NO_KERNEL=1). Every float is computed in the
order Python computes it, `sum()` included (compensated from Python 3.12 on), so that the
scores are the same to the last bit (tests/screening/test_kernel.py holds that).

Per vocabulary entry the kernel reads text length, consonant-key id, key length, shape id,
kind and abjad flag (`VocabularyTable`), weight and evidence weight; per query form the same
of its tokens, and its similarities from the dense arrays `PreparedQuery.fill` leaves
(`QueryForm.dense`, found by binary search); a similarity fill did not compute (a token in an
abjad, an entry it did not reach, no fill at all) comes from the form's row dicts, completed
lazily with `token_similarity` as the Python path does.
"""

import sys
import weakref

import numpy as np

from libc.math cimport NAN, exp, fabs, isnan
from libc.stdlib cimport qsort
from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.object cimport PyObject
from cpython.set cimport PySet_Contains

from coalition.names.forms import MAX_TOKENS, Kind
from coalition.screening import features as _features
from coalition.screening import similarity as _similarity

cdef enum:
    MAXT = 32  # tokens of a name the kernel takes: more than analyse() keeps

cdef double NAME_CAP = _features.NAME_CAP
cdef double EVIDENCE_RATE = _features.EVIDENCE_RATE
cdef double SINGLE_WORD_CAP = _features.SINGLE_WORD_CAP
cdef double SHORT_NAME_EDIT = _features.SHORT_NAME_EDIT
cdef double WHOLE_NAME_PAIR = _features.WHOLE_NAME_PAIR
cdef double WHOLE_NAME_PAIR_ABJAD = _features.WHOLE_NAME_PAIR_ABJAD
cdef double LEFTOVER_DISCOUNT = _features.LEFTOVER_DISCOUNT
cdef double COMPACT_WHOLE = _features.COMPACT_WHOLE
cdef double UNPAIRED_LISTED_WEIGHT = _similarity.UNPAIRED_LISTED_WEIGHT
cdef double COMPACT_MIN = _similarity.COMPACT_MIN
cdef double EDIT_PENALTY = _similarity.EDIT_PENALTY
cdef double ONE_EDIT_PENALTY = _similarity.ONE_EDIT_PENALTY
cdef int SHORT_WORD = _similarity.SHORT_WORD
cdef double SHORT_WORD_EDIT = _similarity.SHORT_WORD_EDIT
cdef int K_NAME = int(Kind.NAME)
cdef int K_INITIAL = int(Kind.INITIAL)
cdef int K_GENERIC = int(Kind.GENERIC)
# Python's sum() of floats is compensated (Neumaier) from 3.12 on, plain before
cdef bint COMPENSATED = sys.version_info >= (3, 12)

if MAX_TOKENS > MAXT:
    raise ImportError(f"forms.MAX_TOKENS is {MAX_TOKENS}: the kernel takes {MAXT} tokens a name")

_token_similarity = _similarity.token_similarity
_compact_similarity = _similarity.compact_similarity
_whole_name_strength = _features.whole_name_strength


cdef inline double _pymin(double a, double b):
    """min(a, b) as Python gives it: the first of equals."""
    return b if b < a else a


cdef inline double _pymax(double a, double b):
    """max(a, b) as Python gives it: the first of equals."""
    return b if b > a else a


cdef struct Sum:
    double total
    double c


cdef inline void _add(Sum* s, double x):
    """One term of Python's sum() of floats."""
    cdef double t
    if COMPENSATED:
        t = s.total + x
        if fabs(s.total) >= fabs(x):
            s.c += (s.total - t) + x
        else:
            s.c += (x - t) + s.total
        s.total = t
    else:
        s.total += x


cdef inline double _result(Sum* s):
    if COMPENSATED and s.c != 0.0 and s.c - s.c == 0.0:
        return s.total + s.c
    return s.total


cdef class Vocabulary:
    """What the kernel reads of every vocabulary entry of one index."""

    cdef const int[::1] length
    cdef const int[::1] key
    cdef const int[::1] key_len
    cdef const int[::1] shape
    cdef const signed char[::1] kind
    cdef const unsigned char[::1] abjad
    cdef const double[::1] weights
    cdef const double[::1] evidence
    cdef dict keys
    cdef dict shapes
    cdef list tokens

    def __init__(self, index):
        table = index.table
        self.tokens = index.tokens
        self.length = np.ascontiguousarray(table.length, dtype=np.int32)
        self.key = np.ascontiguousarray(table.key, dtype=np.int32)
        self.key_len = np.ascontiguousarray(table.key_len, dtype=np.int32)
        self.shape = np.ascontiguousarray(table.shape, dtype=np.int32)
        self.kind = np.ascontiguousarray(table.kind, dtype=np.int8)
        self.abjad = np.ascontiguousarray(table.abjad, dtype=np.uint8)
        self.weights = np.asarray(index.weights, dtype=np.float64)
        self.evidence = np.asarray(index.evidence, dtype=np.float64)
        self.keys = table._keys
        self.shapes = table._shapes


cdef class Form:
    """What the kernel reads of one query form: its tokens' attributes and weights (their
    ids in the vocabulary's key and shape tables, -1 for one the lists do not have)."""

    cdef int n
    cdef int length[MAXT]
    cdef int key[MAXT]
    cdef int shape[MAXT]
    cdef int kind[MAXT]
    cdef unsigned char abjad[MAXT]
    cdef double weights[MAXT]
    cdef double evidence[MAXT]
    cdef double evidence_sum
    cdef bint any_abjad
    cdef list rows
    cdef tuple tokens
    cdef str compact
    # fill's similarities: entries (ascending) and one row per token, NaN where lazy
    cdef bint dense
    cdef const long long[::1] keys
    cdef const double[:, ::1] sims

    def __init__(self, qf, Vocabulary vocab):
        cdef int i
        cdef Sum s
        self.tokens = qf.form.tokens
        self.n = len(self.tokens)
        if self.n > MAXT:
            self.n = -1  # too long for the kernel: best_name leaves it to Python
            return
        self.rows = qf.rows
        self.compact = qf.form.compact
        self.dense = False
        self.take_dense(qf)
        self.any_abjad = False
        s.total = 0.0
        s.c = 0.0
        for i, t in enumerate(self.tokens):
            self.length[i] = len(t.text)
            self.key[i] = vocab.keys.get(t.key, -1)
            self.shape[i] = vocab.shapes.get(t.shape, -1)
            self.kind[i] = int(t.kind)
            self.abjad[i] = 1 if t.abjad else 0
            self.any_abjad = self.any_abjad or t.abjad
            self.weights[i] = qf.weights[i]
            self.evidence[i] = qf.evidence[i]
            _add(&s, self.evidence[i])
        self.evidence_sum = _result(&s)

    cdef void take_dense(self, qf) except *:
        """Read fill's arrays once it has run (the form is not kept: no reference cycle)."""
        got = qf.dense
        if got is None:
            return
        keys, sims = got
        self.keys = np.ascontiguousarray(keys, dtype=np.int64)
        self.sims = np.ascontiguousarray(sims, dtype=np.float64)
        self.dense = True


cdef struct Candidate:
    double s
    int i
    int j


cdef int _descending(const void* a, const void* b) noexcept nogil:
    """Order of `sorted(..., reverse=True)` over (similarity, query token, listed token)."""
    cdef const Candidate* x = <const Candidate*>a
    cdef const Candidate* y = <const Candidate*>b
    if x.s != y.s:
        return -1 if x.s > y.s else 1
    if x.i != y.i:
        return -1 if x.i > y.i else 1
    if x.j != y.j:
        return -1 if x.j > y.j else 1
    return 0


cdef struct Outcome:
    double sim
    double evidence
    int paired
    double whole


_vocabularies = weakref.WeakKeyDictionary()


cdef Vocabulary _vocabulary(index):
    vocab = _vocabularies.get(index)
    if vocab is None:
        vocab = _vocabularies[index] = Vocabulary(index)
    return <Vocabulary>vocab


cdef Form _form(qf, Vocabulary vocab):
    form = qf.kernel
    if form is None:
        form = qf.kernel = Form(qf, vocab)
    elif not (<Form>form).dense:
        (<Form>form).take_dense(qf)
    return <Form>form


cdef inline Py_ssize_t _column(Form f, long long e):
    """Where fill put entry e in the form's arrays, -1 where it did not."""
    cdef Py_ssize_t lo = 0, hi = f.keys.shape[0], mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if f.keys[mid] < e:
            lo = mid + 1
        else:
            hi = mid
    if lo < f.keys.shape[0] and f.keys[lo] == e:
        return lo
    return -1


cdef inline double _short_word_penalty(Form f, int i, Vocabulary v, int e):
    """similarity.short_word_penalty of query token i and entry e."""
    cdef int la = f.length[i]
    cdef int lb = v.length[e]
    if (lb if lb > la else la) > SHORT_WORD or f.kind[i] == K_INITIAL or \
            v.kind[e] == K_INITIAL:
        return 0.0
    if f.key[i] == v.key[e] and (v.key_len[e] >= 3 or f.abjad[i] != v.abjad[e]):
        return 0.0
    return SHORT_WORD_EDIT


cdef inline bint _compact_may_win(Form f, str compact, bint listed_abjad, double sim):
    """Whether compact_similarity of the two spaceless spellings may beat `sim`: between
    Latin spellings it is at most `edit_similarity` with as many edits as their lengths
    differ (each term rounded as that function rounds it, so never below its value), and
    counts only from COMPACT_MIN on. Where a side is in an abjad, it is asked."""
    cdef Py_ssize_t la, lb, longest, edits
    cdef double most
    if f.any_abjad or listed_abjad:
        return True
    la = len(f.compact)
    lb = len(compact)
    longest = la if la > lb else lb
    if longest == 0:
        return False
    edits = la - lb if la > lb else lb - la
    if edits == 0:
        most = 1.0
    else:
        most = _pymax(0.0, 1.0 - (ONE_EDIT_PENALTY if edits == 1 else EDIT_PENALTY) *
                      <double>edits / <double>longest)
    return most >= COMPACT_MIN and most * COMPACT_WHOLE > sim


cdef Outcome _name_similarity(Form f, Vocabulary v, tuple name, object compact) except *:
    """features._name_similarity of one query form and one listed name."""
    cdef Outcome out
    cdef int nq = f.n
    cdef int nl = len(name)
    cdef int entries[MAXT]
    cdef Py_ssize_t columns[MAXT]
    cdef Candidate cands[MAXT * MAXT]
    cdef int used_q[MAXT]
    cdef int used_l[MAXT]
    cdef int pair_i[MAXT]
    cdef int pair_j[MAXT]
    cdef double pair_s[MAXT]
    cdef int i, j, e, n_cands = 0, n_pairs = 0, names = 0
    cdef double sim, w, num = 0.0, den = 0.0, evidence = 0.0, cs
    cdef bint listed_abjad = False, cross
    cdef Sum s
    cdef PyObject* found
    for j in range(nl):
        entries[j] = name[j]
        if v.abjad[entries[j]]:
            listed_abjad = True
        if v.kind[entries[j]] == K_NAME:
            names += 1
        used_l[j] = 0
        columns[j] = _column(f, entries[j]) if f.dense else -1
    for i in range(nq):
        used_q[i] = 0
        row = <dict>f.rows[i]
        for j in range(nl):
            e = entries[j]
            sim = f.sims[i, columns[j]] if columns[j] >= 0 else NAN
            if isnan(sim):
                key = name[j]
                found = PyDict_GetItem(row, key)
                if found is NULL:
                    value = _token_similarity(f.tokens[i], v.tokens[e])
                    PyDict_SetItem(row, key, value)
                    sim = value
                else:
                    sim = <object>found
            if 0.0 < sim < 1.0:
                sim = _pymax(0.0, sim - _short_word_penalty(f, i, v, e))
            if sim > 0.0:
                cands[n_cands].s = sim
                cands[n_cands].i = i
                cands[n_cands].j = j
                n_cands += 1
    # align: greedy best-first pairing
    qsort(cands, n_cands, sizeof(Candidate), _descending)
    for k in range(n_cands):
        i = cands[k].i
        j = cands[k].j
        if used_q[i] or used_l[j]:
            continue
        used_q[i] = 1
        used_l[j] = 1
        pair_i[n_pairs] = i
        pair_j[n_pairs] = j
        pair_s[n_pairs] = cands[k].s
        n_pairs += 1
    out.paired = 0
    for k in range(n_pairs):
        i = pair_i[k]
        j = pair_j[k]
        sim = pair_s[k]
        e = entries[j]
        w = f.weights[i] + v.weights[e]
        num += sim * w
        den += w
        evidence += sim * _pymin(f.evidence[i], v.evidence[e])
        if v.kind[e] == K_NAME:
            out.paired += 1
    s.total = 0.0
    s.c = 0.0
    for i in range(nq):
        if not used_q[i]:
            _add(&s, f.weights[i])
    den += _result(&s)
    s.total = 0.0
    s.c = 0.0
    for j in range(nl):
        if not used_l[j]:
            _add(&s, v.weights[entries[j]])
    den += UNPAIRED_LISTED_WEIGHT * _result(&s)
    out.sim = num / den if den != 0.0 else 0.0
    out.evidence = evidence
    # _whole
    out.whole = 0.0
    for j in range(nl):
        if not used_l[j] and v.kind[entries[j]] == K_GENERIC:
            out.whole = LEFTOVER_DISCOUNT
            break
    for k in range(n_pairs):
        cross = f.abjad[pair_i[k]] or v.abjad[entries[pair_j[k]]]
        if pair_s[k] < (WHOLE_NAME_PAIR_ABJAD if cross else WHOLE_NAME_PAIR):
            out.whole = -1.0
            break
    if out.whole >= 0.0:
        for i in range(nq):
            if not used_q[i] and (f.kind[i] == K_NAME or f.kind[i] == K_GENERIC):
                out.whole = -1.0
                break
    if out.whole >= 0.0:
        if names == 0:  # a name of generic words only must match all of them
            out.whole = 0.0 if n_pairs == nq and n_pairs == nl else -1.0
        else:
            for j in range(nl):
                if not used_l[j] and v.kind[entries[j]] == K_NAME:
                    out.whole = -1.0
                    break
    if n_pairs == 1 and nq == 1 and nl == 1 and out.sim < 1.0 and \
            (f.key[0] != v.key[entries[0]] or
             (f.shape[0] != v.shape[entries[0]] and not f.abjad[0] and
              not v.abjad[entries[0]])):
        # a one-word name against a one-word name that is not a spelling of it
        out.sim = _pymax(0.0, out.sim - SHORT_NAME_EDIT)
        out.whole = -1.0
    if compact is not None and nl != nq and _compact_may_win(f, <str>compact, listed_abjad,
                                                             out.sim):
        cs = _compact_similarity(f.compact, compact, query_abjad=f.any_abjad,
                                 listed_abjad=listed_abjad)
        if cs * COMPACT_WHOLE > out.sim:
            out.sim = cs * COMPACT_WHOLE
            s.total = 0.0
            s.c = 0.0
            for j in range(nl):
                _add(&s, v.evidence[entries[j]])
            out.evidence = cs * _pymin(_result(&s), f.evidence_sum)
            out.paired = out.paired if out.paired >= names else names
            out.whole = 0.0 if cs >= WHOLE_NAME_PAIR else -1.0
    return out


def name_similarity(pq, qf, tuple name, compact):
    """(similarity, evidence, paired name words, whole) as features._name_similarity."""
    cdef Vocabulary v = _vocabulary(pq.index)
    cdef Form f = _form(qf, v)
    if f.n < 0 or len(name) > MAXT:
        return None
    cdef Outcome o = _name_similarity(f, v, name, compact)
    return o.sim, o.evidence, o.paired, o.whole


def best_name(pq, record, tuple names, compacts):
    """(best score, (form, name, similarity, strength, capped) or None) as
    features.best_name_found gives them; None where a name has more tokens than the kernel
    takes (the caller then asks the Python path)."""
    cdef Vocabulary v = _vocabulary(pq.index)
    cdef set reached = pq.reached
    cdef bint compact_hit = compacts is not None and record.position in pq.compact_hits
    cdef bint is_person = record.is_person
    cdef bint capped, best_capped = False
    cdef double best = 0.0, strength, score, best_sim = 0.0, best_strength = 0.0, whole_s
    cdef Outcome o
    cdef Form f
    cdef tuple name
    cdef Py_ssize_t k, j, n_names = len(names)
    cdef bint hit
    best_form = None
    best_name_ = None
    forms = pq.forms_for(is_person)
    for qf in forms:
        if _form(qf, v).n < 0:
            return None
    for k in range(n_names):
        if len(<tuple>names[k]) > MAXT:
            return None
    for qf in forms:
        f = _form(qf, v)
        for k in range(n_names):
            name = <tuple>names[k]
            if not compact_hit:
                hit = False
                for j in range(len(name)):
                    if PySet_Contains(reached, name[j]):
                        hit = True
                        break
                if not hit:
                    continue
            o = _name_similarity(f, v, name, compacts[k] if compacts is not None else None)
            if o.sim <= 0.0:
                continue
            strength = 1.0 - exp(-EVIDENCE_RATE * o.evidence)
            if o.whole >= 0.0 and not is_person:
                # an organisation's whole name says more than its words: Taliban, Hamas
                spelled = compacts[k] if compacts is not None else \
                    "".join([v.tokens[e].text for e in name])
                whole_s = _whole_name_strength(pq.index.name_frequency(spelled))
                strength = _pymax(strength, whole_s) - o.whole
            capped = is_person and o.paired <= 1
            if capped:
                strength = _pymin(strength, SINGLE_WORD_CAP)
            score = NAME_CAP * o.sim * strength
            if score > best:
                best = score
                best_form, best_name_ = qf, name
                best_sim, best_strength, best_capped = o.sim, strength, capped
    if best_form is None:
        return 0.0, None
    return best, (best_form, best_name_, best_sim, best_strength, best_capped)


def python_sum(values, compensated=None):
    """sum(values) of floats as the kernel computes it (compensated as this Python's sum()
    is, unless told): what the tests compare with the built-in."""
    cdef Sum s
    cdef bint saved = COMPENSATED
    global COMPENSATED
    if compensated is not None:
        COMPENSATED = compensated
    s.total = 0.0
    s.c = 0.0
    try:
        for x in values:
            _add(&s, x)
        return _result(&s)
    finally:
        COMPENSATED = saved

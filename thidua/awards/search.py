"""Search of people, agencies and the commendation history (tìm kiếm khen thưởng).

**Matching.** The query is folded with :func:`thidua.core.text.fold` and matched against the
stored, equally folded ``search_key`` of people (name, code), agencies (name, short name, code)
and history records (decision number, issuer, reason), so ``nguyen minh hung`` and
``Nguyễn Minh Hùng`` find the same rows. Every word of the query must occur in the key, in any
order: a word of letters as the beginning of a word of the key (words are separated by spaces:
``yen`` finds ``Nguyễn Thị Yến`` by ``yen``, not every ``Nguyễn`` by ``nguyen``; ``hun`` finds
``Hùng``), a word with a digit or a sign (a decision number, a code: ``QĐ-BCT``) anywhere in
it. When no word has three letters or more (``le ha``), each must be a whole word of the key
(``Lê Thị Hà``, not ``Lê Hạnh``); when none has even two (``y a``), the whole query must occur
as typed.
A query needs two syllables or more, or one token with a digit (a decision number such as
``1234/QĐ-BCT``, a code); a shorter one is refused with a message, not searched.

**Indexes.** On PostgreSQL each ``LIKE '%word%'`` on a key is served by a GIN trigram index
(``organizations.0002`` for people and agencies, ``awards.0005`` for records). On SQLite the
keys are indexed by FTS5 tables with the trigram tokenizer (``awards.0005``); the candidate ids
come from ``MATCH`` on them, and the same ``LIKE`` conditions then hold exactly on the few rows
found. A trigram index needs three characters, hence the rule above for short words: a whole
word is looked up with the spaces around it (``le`` as the trigrams of `` le`` and ``le ``). On
PostgreSQL a number-like term (``04/qd-x-12-00001``) goes to the index as its pieces of three
characters or more and is then checked whole (:func:`_index_terms`): the trigrams of its
separators are in nearly every record's key, and the index pays for each.

**Ranking** (the same on both databases): 0 — the name (or, for a record, the leading decision
number) is exactly the query; 1 — the key starts with the query; 2 — a word of the key starts
with the query; 3 — the query occurs elsewhere as typed; 4 — its words occur apart. Within a
rank, names in Vietnamese order (:mod:`thidua.core.collation`), then codes.

**Filters**: award title, award level, a year range, an agency with its lineage predecessors,
revoked or not. On people and agencies the record filters keep those with a matching record.

**Visibility**: people only as :func:`people_visible_to`, records only as
:func:`records_visible_to`; agencies are reference data every signed-in user reads, but record
filters on them read only visible records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Case, F, IntegerField, OrderBy, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Collate, Concat, Lower, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.accounts.selectors import AnyUser
from thidua.awards.models import AwardTitle, CommendationRecord
from thidua.awards.permissions import records_visible_to
from thidua.core.collation import VIETNAMESE_COLLATION, vietnamese_order
from thidua.core.errors import DomainError
from thidua.core.text import fold
from thidua.organizations.models import Agency, Person, Position
from thidua.organizations.permissions import people_visible_to
from thidua.organizations.selectors import agency_predecessors

MIN_CHARS = 3
"""A trigram index needs three characters."""
MAX_CHARS = 200
INDEXED_WORD = 3
"""Words at least this long go to the index one by one; shorter ones only as part of the phrase."""
WHOLE_WORD = 2
"""A query of shorter words only is looked up by its words of this length, as whole words."""
SEPARATORS = re.compile(r"[\W_]+")
"""What splits a number-like term into the pieces the PostgreSQL trigram index looks up."""

# SQLite FTS5 tables of migration awards.0005 (rowid = the id of the row whose key they index).
PERSON_FTS = "awards_person_fts"
AGENCY_FTS = "awards_agency_fts"
RECORD_FTS = "awards_record_fts"


class SearchKind(models.TextChoices):
    """What a search returns."""

    PEOPLE = "people", gettext_lazy("Cá nhân")
    AGENCIES = "agencies", gettext_lazy("Tập thể, đơn vị")
    DECISIONS = "decisions", gettext_lazy("Quyết định khen thưởng")


@dataclass(frozen=True)
class SearchText:
    """A query, folded: the whole of it and its words."""

    folded: str
    words: tuple[str, ...]

    @property
    def indexed_words(self) -> tuple[str, ...]:
        """The words an index can look up (three characters or more)."""
        return tuple(w for w in self.words if len(w) >= INDEXED_WORD)

    @property
    def whole_words(self) -> tuple[str, ...]:
        """The words that must be whole words of the key: all of them when none is long enough
        for the index alone but one has two characters (``le ha``); otherwise none."""
        if self.indexed_words or all(len(w) < WHOLE_WORD for w in self.words):
            return ()
        return self.words

    @property
    def required(self) -> tuple[str, ...]:
        """What must occur in the key as typed: every word, nothing when they are matched as
        whole words, or the whole query when every word has one character (``y a``)."""
        if self.indexed_words:
            return self.words
        return () if self.whole_words else (self.folded,)


def parse_query(raw: str) -> SearchText | None:
    """The folded query, ``None`` when empty; a query too short to search raises
    :class:`DomainError` (field ``q``) with a message for the person who typed it."""
    folded = fold(raw.replace("\x00", ""))
    if not folded:
        return None
    if len(folded) > MAX_CHARS:
        raise DomainError(
            _("Nội dung tìm kiếm dài quá %(max)d ký tự.") % {"max": MAX_CHARS}, field="q"
        )
    words = tuple(folded.split())
    looks_like_number = len(words) == 1 and any(ch.isdigit() for ch in folded)
    if len(folded) < MIN_CHARS or not (len(words) >= 2 or looks_like_number):
        raise DomainError(
            _(
                "Từ khóa quá ngắn: hãy nhập ít nhất hai âm tiết (ví dụ “nguyen minh”) "
                "hoặc một số quyết định (ví dụ “1234/QĐ-BCT”)."
            ),
            field="q",
        )
    return SearchText(folded=folded, words=words)


@dataclass(frozen=True)
class SearchFilters:
    """The filters of a search; ``None`` or blank means "any"."""

    award: AwardTitle | None = None
    level: str = ""
    year_from: int | None = None
    year_to: int | None = None
    agency: Agency | None = None
    revoked: bool | None = None

    @property
    def on_records(self) -> bool:
        """Whether any filter reads the history records."""
        return any(
            (
                self.award is not None,
                bool(self.level),
                self.year_from is not None,
                self.year_to is not None,
                self.revoked is not None,
            )
        )

    @property
    def any(self) -> bool:
        return self.on_records or self.agency is not None


# --- Building blocks ----------------------------------------------------------------------------


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_query(text: SearchText) -> str:
    """An FTS5 query: each required term as a quoted string (quotes doubled); a quoted string
    is matched as a run of trigrams, i.e. as a substring. A word of letters is looked up as a
    word's beginning (``" yen" OR ^"yen"``), which :func:`_word_start` checks exactly.
    A whole word of two characters is the word with a space after or before it (``"le " OR
    " le"``): a superset of the keys that hold it as a word, which :func:`_whole_word` narrows."""
    if text.whole_words:
        return " AND ".join(
            f"({_fts_string(word + ' ')} OR {_fts_string(' ' + word)})"
            for word in text.whole_words
            if len(word) >= WHOLE_WORD
        )
    if not text.indexed_words:
        return _fts_string(text.folded)
    return " AND ".join(
        # A word's beginning: after a space, or the key's first characters (^, FTS5's initial).
        f"({_fts_string(' ' + word)} OR ^{_fts_string(word)})"
        if word.isalpha()
        else _fts_string(word)
        for word in text.indexed_words
    )


def _word_start(word: str) -> Q:
    """Keys in which a word begins with ``word``. On PostgreSQL one regular expression, whose
    trigrams (``  y``, `` ye``, ``yen``) the trigram index looks up."""
    if connection.vendor == "postgresql":
        return Q(search_key__regex=f"(^| ){re.escape(word)}")
    return Q(search_key__startswith=word) | Q(search_key__contains=f" {word}")


def _whole_word(word: str) -> Q:
    """Keys that hold ``word`` as a whole word (between spaces, or at either end). On
    PostgreSQL one regular expression, whose word trigrams (``  l``, `` le``, ``le ``) the
    trigram index looks up."""
    if connection.vendor == "postgresql":
        return Q(search_key__regex=rf"(^| ){re.escape(word)}( |$)")
    return (
        Q(search_key=word)
        | Q(search_key__startswith=f"{word} ")
        | Q(search_key__endswith=f" {word}")
        | Q(search_key__contains=f" {word} ")
    )


def _index_terms(term: str) -> tuple[str, ...]:
    """What the PostgreSQL trigram index looks up for a required ``term``: the term itself,
    or for a number-like term (a digit in it: ``04/qd-x-12-00001-chuyen_de``) its pieces of
    three characters or more between separators (``00001``, ``chuyen``). The index pays for
    every trigram it intersects, and the trigrams that span a number's separators and short
    parts (``/qd``, ``qd-``, ``-x-``) occur in almost every record: at 22.8 million records
    the whole term took 0.3–1 s in the index. The whole term is then checked exactly on the
    rows found."""
    if not any(ch.isdigit() for ch in term):
        return (term,)
    pieces = tuple(p for p in SEPARATORS.split(term) if len(p) >= INDEXED_WORD)
    return pieces if pieces and pieces != (term,) else (term,)


def _text_match(text: SearchText, fts_table: str) -> Q:
    """Rows whose ``search_key`` holds every required term.

    On SQLite the candidate ids come from the FTS5 index (an uncorrelated subquery, run once);
    the ``LIKE`` conditions then check the exact rule on those rows. On PostgreSQL the ``LIKE``
    and regular-expression conditions alone are index scans (GIN trigram); a number-like term
    is looked up by its
    runs of digits (:func:`_index_terms`) and checked whole with ``strpos``, which no index
    serves, so the planner does not hand the whole term to the index.
    """
    match = Q()
    if connection.vendor == "sqlite":
        # fts_table is one of the module's constants, never user input; the query is a parameter.
        match &= Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s",
                (_fts_query(text),),
            )
        )
    for word in text.whole_words:
        match &= _whole_word(word)
    for term in text.required:
        if text.indexed_words and term.isalpha():
            match &= _word_start(term)
            continue
        lookups = _index_terms(term) if connection.vendor == "postgresql" else (term,)
        for lookup in lookups:
            match &= Q(search_key__contains=lookup)
        if lookups != (term,):
            match &= Q(GreaterThan(StrIndex("search_key", Value(term)), 0))
    return match


def _rank(text: SearchText, exact: Q) -> Case:
    """The match's rank (0 best): exact, starts with, a word starts with, contains, apart."""
    query = text.folded
    return Case(
        When(exact, then=Value(0)),
        When(search_key__startswith=query, then=Value(1)),
        When(search_key__contains=f" {query}", then=Value(2)),
        When(search_key__contains=query, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )


def _lineage_ids(agency: Agency) -> set[int]:
    """The agency and every agency that became it (merges, splits, renames, transfers)."""
    return {agency.pk, *agency_predecessors(agency).values_list("pk", flat=True)}


def _people_of(agency_ids: set[int]) -> QuerySet[Position, Any]:
    """Ids of the people who have held a position in one of ``agency_ids``."""
    return Position.objects.filter(agency_id__in=agency_ids).values("person_id")


def _record_filter(filters: SearchFilters) -> Q:
    """The record filters as one condition. A record with a period (discipline, blocker) and no
    year counts in every year its period covers."""
    condition = Q()
    if filters.award is not None:
        condition &= Q(award=filters.award)
    if filters.level:
        condition &= Q(award__level=filters.level)
    if filters.year_from is not None:
        condition &= Q(year__gte=filters.year_from) | Q(
            Q(end_date__isnull=True) | Q(end_date__year__gte=filters.year_from),
            year__isnull=True,
        )
    if filters.year_to is not None:
        condition &= Q(year__lte=filters.year_to) | Q(
            year__isnull=True, start_date__year__lte=filters.year_to
        )
    if filters.revoked is not None:
        revoked = ~Q(revoked_by_decision="")
        condition &= revoked if filters.revoked else ~revoked
    return condition


def _recipient_name_order() -> OrderBy:
    """Records by their recipient's name (person or agency) in Vietnamese order."""
    if connection.vendor == "postgresql":
        name = Coalesce(F("person__full_name"), F("agency__name"))
        return Collate(name, VIETNAMESE_COLLATION).asc()
    return Coalesce(F("person__search_key"), F("agency__search_key")).asc()


# --- The searches ------------------------------------------------------------------------------


def search_people(
    user: AnyUser, text: SearchText | None, filters: SearchFilters
) -> QuerySet[Person]:
    """People visible to ``user`` whose name or code matches; best match first."""
    people = people_visible_to(user)
    if filters.agency is not None:
        people = people.filter(pk__in=_people_of(_lineage_ids(filters.agency)))
    if filters.on_records:
        records = records_visible_to(user).filter(_record_filter(filters), person__isnull=False)
        people = people.filter(pk__in=records.values("person_id"))
    if text is None:
        people = people.annotate(search_rank=Value(0))
    else:
        exact = Q(search_key=text.folded) | Q(
            search_key=Concat(Value(f"{text.folded} "), Lower("code"))
        )
        people = people.filter(_text_match(text, PERSON_FTS)).annotate(
            search_rank=_rank(text, exact)
        )
    return people.order_by("search_rank", vietnamese_order("full_name"), "code")


def search_agencies(
    user: AnyUser, text: SearchText | None, filters: SearchFilters
) -> QuerySet[Agency]:
    """Agencies whose name, short name or code matches; best match first. The agency filter
    keeps the agency and its predecessors."""
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    agencies = Agency.objects.select_related("province")
    if filters.agency is not None:
        agencies = agencies.filter(pk__in=_lineage_ids(filters.agency))
    if filters.on_records:
        records = records_visible_to(user).filter(_record_filter(filters), agency__isnull=False)
        agencies = agencies.filter(pk__in=records.values("agency_id"))
    if text is None:
        agencies = agencies.annotate(search_rank=Value(0))
    else:
        exact = (
            Q(search_key=text.folded)
            | Q(search_key=Concat(Value(f"{text.folded} "), Lower("code")))
            | Q(
                search_key=Concat(
                    Value(f"{text.folded} "), Lower("short_name"), Value(" "), Lower("code")
                )
            )
        )
        agencies = agencies.filter(_text_match(text, AGENCY_FTS)).annotate(
            search_rank=_rank(text, exact)
        )
    return agencies.order_by("search_rank", vietnamese_order("name"), "code")


def search_records(
    user: AnyUser, text: SearchText | None, filters: SearchFilters
) -> QuerySet[CommendationRecord]:
    """History records visible to ``user`` whose decision number, issuer or reason matches;
    best match first, then by recipient name, the latest year first. The agency filter keeps
    the records of the agency, of its predecessors and of the people who worked in them."""
    records = records_visible_to(user).filter(_record_filter(filters))
    if filters.agency is not None:
        ids = _lineage_ids(filters.agency)
        records = records.filter(Q(agency_id__in=ids) | Q(person_id__in=_people_of(ids)))
    if text is None:
        records = records.annotate(search_rank=Value(0))
    else:
        exact = Q(search_key=text.folded) | Q(search_key__startswith=f"{text.folded} ")
        records = records.filter(_text_match(text, RECORD_FTS)).annotate(
            search_rank=_rank(text, exact)
        )
    return records.select_related("person", "agency", "award").order_by(
        "search_rank",
        _recipient_name_order(),
        F("year").desc(nulls_last=True),
        F("decision_date").desc(nulls_last=True),
        "pk",
    )


def search(
    user: AnyUser, kind: str, text: SearchText | None, filters: SearchFilters
) -> QuerySet[Any]:
    """The search of ``kind`` (a :class:`SearchKind` value)."""
    if kind == SearchKind.AGENCIES:
        return search_agencies(user, text, filters)
    if kind == SearchKind.DECISIONS:
        return search_records(user, text, filters)
    return search_people(user, text, filters)

"""Listed entities compiled for screening: analysed names, dates, countries, identifiers."""

from __future__ import annotations

from dataclasses import dataclass

from coalition.model import Entity
from coalition.model.schema import Schema
from coalition.names.readings import readings
from coalition.screening.query import normalise_identifier

COUNTRY_PROPS = ("nationality", "citizenship", "country", "birthCountry", "jurisdiction",
                 "mainCountry", "flag")
IDENTIFIER_PROPS = ("passportNumber", "idNumber", "registrationNumber", "taxNumber", "innCode",
                    "ogrnCode", "swiftBic", "vatCode", "leiCode", "imoNumber", "mmsi", "callSign",
                    "serialNumber", "icaoCode")
STRONG_NAME_PROPS = ("name", "alias", "previousName")
PERSON_NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")


@dataclass(slots=True)
class Record:
    """One listed entity as the screener sees it. Names are tuples of vocabulary token ids
    (filled in by the index); `raw_names` and `raw_weak` keep the original spellings.

    A record merged from several lists' records of one entity (merge.py) says, per name
    (`raw_names` then `raw_weak`) and per birth date, which lists carry it (`name_lists`,
    `date_lists`); a record of one list leaves both empty: all of it is from `datasets`."""

    id: str
    schema: Schema
    caption: str
    raw_names: tuple[str, ...]
    raw_weak: tuple[str, ...]
    birth_dates: tuple[str, ...]
    countries: frozenset[str]
    gender: str | None
    identifiers: frozenset[str]
    referents: tuple[str, ...]
    datasets: tuple[str, ...]
    names: tuple[tuple[int, ...], ...] = ()
    weak: tuple[tuple[int, ...], ...] = ()
    compacts: tuple[str, ...] = ()
    position: int = -1
    name_lists: tuple[tuple[str, ...], ...] = ()
    date_lists: tuple[tuple[str, ...], ...] = ()

    @property
    def is_person(self) -> bool:
        return self.schema.is_a("Person")

    def lists_of_name(self, k: int) -> tuple[str, ...]:
        """The lists that carry name `k` (of `raw_names`, then `raw_weak`)."""
        return self.name_lists[k] if self.name_lists else self.datasets

    def lists_of_date(self, k: int) -> tuple[str, ...]:
        """The lists that carry birth date `k`."""
        return self.date_lists[k] if self.date_lists else self.datasets

    @classmethod
    def from_entity(cls, entity: Entity) -> Record:
        schema = entity.schema
        props = schema.properties

        def values(names: tuple[str, ...]) -> list[str]:
            return [v for p in names if p in props for v in entity.get(p)]

        strong = list(dict.fromkeys(values(STRONG_NAME_PROPS)))
        # a name in Han or Hangul is also listed under its other readings (readings.py)
        strong = list(dict.fromkeys([*strong, *(r for n in strong for r in readings(n))]))
        if schema.is_a("Person"):
            parts = [entity.first(p) for p in PERSON_NAME_PARTS if p in props and entity.has(p)]
            joined = " ".join(p for p in parts if p)
            if joined and not strong:
                strong.append(joined)
        weak = [w for w in dict.fromkeys(entity.get("weakAlias")) if w not in strong]
        idents = {normalise_identifier(v) for v in values(IDENTIFIER_PROPS)}
        return cls(
            id=entity.id,
            schema=schema,
            caption=entity.caption,
            raw_names=tuple(strong),
            raw_weak=tuple(weak),
            birth_dates=tuple(dict.fromkeys(entity.get("birthDate"))) if "birthDate" in props
            else (),
            countries=frozenset(values(COUNTRY_PROPS)),
            gender=entity.first("gender") if "gender" in props else None,
            identifiers=frozenset(i for i in idents if len(i) >= 4),
            referents=tuple(entity.referents),
            datasets=tuple(entity.datasets),
        )

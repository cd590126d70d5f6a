"""Fictional listed entities in the layout the importers produce (written here, not copied)."""

from __future__ import annotations

import pytest
from screening_entities import organisation, person

from coalition.model import Entity


@pytest.fixture
def listed() -> list[Entity]:
    return [
        person("p-zaw", "Aiman Muhammed Rabi al-Zawahiri", "Ayman al-Zawahiri",
               "أيمن الظواهري", birthDate="1951-06-19", nationality="eg", gender="male",
               passportNumber="1084010"),
        person("p-kar", "Abd al-Karim Hamid Rashid", "Abdul Karim Rasheed", birthDate="1965",
               nationality="iq", gender="male"),
        person("p-ali", "Mohammed Ali Hassan Nurani", birthDate="1977-03-02", nationality="so"),
        person("p-sem", "Dmitry Aleksandrovich Semenov", "Дмитрий Александрович Семенов",
               birthDate="1969-11-04", nationality="ru", gender="male"),
        person("p-weak", "Hilario Santos Mendoza", weakAlias="Abu Hamsa", birthDate="1972"),
        person("p-mon", "Fatima Zahra Oukili", birthDate="1988-02-11", gender="female",
               nationality="ma"),
        organisation("o-arg", "JSC Argument", "Argument Trading Company", registrationNumber=
                     "7701234567"),
        organisation("o-hay", "Harakat al-Shabaab al-Mujahidin", "Al-Shabaab"),
        organisation("o-shp", "Ocean Blue Shipping LLC", schema="Company", country="ae"),
        organisation("v-ves", "Sea Breeze Star", schema="Vessel", imoNumber="IMO9176187"),
    ]

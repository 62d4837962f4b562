"""The official register of administrative units as the extractor's gazetteer.

The `vietnamadminunits` package carries every province, district and
commune before 1 July 2025 (63 provinces) and after (34 provinces), and
which old provinces each new one was formed from. The extractor asks it
three things:

- is a run of words a unit name, hyphen included ("Bà Rịa - Vũng Tàu",
  "Lang Biang - Đà Lạt")? A hyphen is also the genre's title separator, so
  only a name the register knows is read across one;
- is a capitalised candidate a place rather than a person ("Hà Tĩnh",
  "Trần Đề")?
- which 2025 province an old, merged province now belongs to (Hòa Bình ->
  Phú Thọ), for the area context of articles after the reorganisation.

The register is indexed once, lazily, into one dict keyed by `key()` of the
name (hyphens spaced " - "), so each question is a dictionary look-up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import lexicon
from .normalize import key

# the day the 2025 reorganisation took effect (34 provinces, no districts)
REORGANISATION = "2025-07-01"

_HYPHEN = re.compile(r"[ \t]*[-–][ \t]*")


def name_key(name: str) -> str:
    """The look-up key of a unit name: tone-, case- and hyphen-spacing-insensitive."""
    return key(_HYPHEN.sub(" - ", name))


@dataclass
class Place:
    name: str                                   # as the register writes it: "Bà Rịa - Vũng Tàu"
    types: set[str] = field(default_factory=set)      # type labels in either register ("tỉnh", "xã")
    current: set[str] = field(default_factory=set)    # type labels in the 2025 register
    province: bool = False                      # a province-level name (either register)
    successor: tuple[str, str] | None = None    # old merged province -> (type label, 2025 name)
    # a district's provinces in the old register, as (type label, name)
    provinces: set[tuple[str, str]] = field(default_factory=set)

    @property
    def person_like(self) -> bool:
        """A commune named after a person ("phường Trần Hưng Đạo")."""
        first = self.name.split()[0]
        return lexicon().is_surname(first)


class Gazetteer:
    """Names of the register, by key."""

    def __init__(self) -> None:
        from vietnamadminunits.converter import converter_2025 as conv
        from vietnamadminunits.parser import parser_from_2025 as new
        from vietnamadminunits.parser import parser_legacy as old

        self.places: dict[str, Place] = {}
        for era, provinces in (("legacy", old.DICT_PROVINCE), ("2025", new.DICT_PROVINCE)):
            for info in provinces.values():
                p = self._add(info["provinceShort"], _type_of(info["province"], info["provinceShort"]), era)
                p.province = True
        for pkey, districts in old.DICT_PROVINCE_DISTRICT.items():
            pinfo = old.DICT_PROVINCE[pkey]
            parent = (_type_of(pinfo["province"], pinfo["provinceShort"]), pinfo["provinceShort"])
            for info in districts.values():
                self._add(info["districtShort"], info["districtType"], "legacy").provinces.add(parent)
        for districts in old.DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED.values():
            for wards in districts.values():
                for info in wards.values():
                    self._add(info["wardShort"], info.get("wardType"), "legacy")
        for wards in new.DICT_PROVINCE_WARD_NO_ACCENTED.values():
            for info in wards.values():
                self._add(info["wardShort"], info.get("wardType"), "2025")
        # old provinces merged into a province of another name
        for new_key, old_keys in conv.DICT_PROVINCE.items():
            ninfo = new.DICT_PROVINCE[new_key]
            target = (_type_of(ninfo["province"], ninfo["provinceShort"]), ninfo["provinceShort"])
            for ok in old_keys:
                if ok == new_key:
                    continue
                p = self.places.get(name_key(old.DICT_PROVINCE[ok]["provinceShort"]))
                if p is not None and name_key(target[1]) != name_key(p.name):
                    p.successor = target

    def _add(self, name, type_word, era: str) -> Place:
        k = name_key(str(name))
        p = self.places.get(k)
        if p is None:
            p = self.places[k] = Place(_HYPHEN.sub(" - ", str(name)))
        if isinstance(type_word, str) and type_word:
            t = type_word.lower()
            p.types.add(t)
            if era == "2025":
                p.current.add(t)
        return p

    def lookup(self, name: str) -> Place | None:
        return self.places.get(name_key(name))


def _type_of(full: str, short: str) -> str:
    """"Tỉnh Gia Lai", "Gia Lai" -> "tỉnh"."""
    return full[: len(full) - len(short)].strip().lower()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=1 << 14)
def lookup(name: str) -> Place | None:
    """The register's entry for a unit name (without its type word), or None."""
    if not name or name[0].isdigit():
        return None
    return gazetteer().lookup(name)


def knows(name: str, type_label: str | None = None) -> bool:
    """Does the register know `name` (as a unit of `type_label`, when given)?
    Province-level cities are "thành phố" as well as provinces ("tỉnh")."""
    p = lookup(name)
    if p is None:
        return False
    return type_label is None or type_label in p.types


def registered(name: str, type_label: str) -> bool:
    """Does the register know `name` as a unit of this type? Province-level
    cities are written "tỉnh" or "thành phố" alike."""
    if knows(name, type_label):
        return True
    if lexicon().label_level.get(type_label) != 1:
        return False
    p = lookup(name)
    return p is not None and p.province


def place_type(name: str) -> str | None:
    """The type word of a bare province name ("Gia Lai" -> "tỉnh",
    "Cần Thơ" -> "thành phố"); None for other names."""
    p = lookup(name)
    if p is None or not p.province:
        return None
    lx = lexicon()
    province = lx.province_type
    if province not in p.types:
        # a centrally governed city the register writes only as one ("thành phố")
        for label, level in lx.label_level.items():
            if level == 1 and label != province and label in p.types:
                return label
    return province


def is_province(name: str) -> bool:
    p = lookup(name)
    return p is not None and p.province


def is_place_name(text: str) -> bool:
    """Is a capitalised candidate the name of a place, never a person's?
    True for provinces and districts of either register ("Hà Tĩnh",
    "Trần Đề") and communes not named after a person; pass a name split by
    an honorific-like first word whole ("Bà Rịa", "Bà Rịa - Vũng Tàu")."""
    p = lookup(text.strip())
    if p is None:
        return False
    # a province (or province-level city) or a district of any kind
    if p.province or any(1 <= lexicon().label_level.get(t, 0) <= 2 for t in p.types):
        return True
    return not p.person_like


def is_district(name: str) -> bool:
    """Is `name` a district-level unit (huyện, quận, thị xã, thành phố) of the old register?"""
    p = lookup(name)
    return p is not None and bool(p.provinces)


def province_of_district(name: str) -> tuple[str, str] | None:
    """(type label, name) of the province a district belonged to in the old
    register, when the district's name is found in one province only."""
    p = lookup(name)
    if p is None or len(p.provinces) != 1:
        return None
    return next(iter(p.provinces))


def successor(name: str, date: str | None) -> tuple[str, str] | None:
    """(type label, name) of the 2025 province an old province `name` was
    merged into, for an article dated on or after the reorganisation."""
    if not date or date < REORGANISATION:
        return None
    p = lookup(name)
    return p.successor if p is not None else None

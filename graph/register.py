"""Mergers checked against the official register of administrative units.

The `vietnamadminunits` package carries the register: the 63 provinces and
their communes before 1 July 2025, the 34 provinces and their communes
after, and which old communes (and provinces) each new one was formed from.
A merger an article reports ("xã Hạ Hòa was formed from xã Minh Hạc ...")
is looked up there at load time:

- the Merger node gets `pg:registerAgrees true` when the register lists the
  predecessor among the units the new one was formed from, `false`
  otherwise (including units the register does not know: districts and
  villages, which the 2025 reorganisation abolished or left alone);
- the units get `pg:registerCode`, the register's code (2025 code for the
  new unit, pre-2025 code for the predecessor), when it identifies them
  without doubt.

Articles name communes without their province, so a name is matched in
every province and the lineage decides; tone marks are checked on the
accented names, since the register's keys drop them ("Hạ Hòa" ≠ "Hà Hoa").
Lookups are pure and cached, so loading stays deterministic and fast.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from partygraph.loaders.identity import split_unit
from partygraph.loaders.normalize import fold, key
from partygraph.ontology import XSD
from partygraph.ontology.terms import ENTITIES, LABEL, TYPE, pg

_MERGER, _NEW, _OLD, _AGREES, _CODE = map(pg, ("Merger", "newUnit", "predecessor", "registerAgrees", "registerCode"))
_BOOLEAN = ox.NamedNode(XSD + "boolean")

PROVINCE_LEVEL, COMMUNE_LEVEL = 1, 3


def register_key(text: str) -> str:
    """The register's own key: type word spelled out, no diacritics, no
    spaces ('xã Hạ Hòa' -> 'xahahoa', 'TT Hạ Hoà' -> 'thitranhahoa')."""
    unit_type, name = split_unit(text)
    full = f"{unit_type.label} {name}" if unit_type else text
    return re.sub(r"[^a-z0-9]", "", fold(full))


@dataclass(frozen=True)
class RegisterUnit:
    code: str
    name: str            # as the register writes it: "Xã Hạ Hòa"
    province: str        # "Tỉnh Phú Thọ"
    era: str             # "2025" or "legacy"


@dataclass(frozen=True)
class MergerCheck:
    agrees: bool
    new_unit: RegisterUnit | None
    predecessor: RegisterUnit | None


class Register:
    """Indexes over the package's data, built once."""

    def __init__(self) -> None:
        from vietnamadminunits.converter import converter_2025 as conv
        from vietnamadminunits.parser import parser_from_2025 as new
        from vietnamadminunits.parser import parser_legacy as old

        self.new_provinces = new.DICT_PROVINCE
        self.old_provinces = old.DICT_PROVINCE
        self.province_lineage = {k: set(v) for k, v in conv.DICT_PROVINCE.items()}
        # commune key -> [(province key, info)], across all provinces
        self.new_wards: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        for prov, wards in new.DICT_PROVINCE_WARD_NO_ACCENTED.items():
            for wkey, info in wards.items():
                self.new_wards[wkey].append((prov, info))
        self.old_wards: dict[str, dict] = {}           # "prov_district_ward" -> info
        self.old_by_ward: dict[str, list[str]] = defaultdict(list)
        for prov, districts in old.DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED.items():
            for dist, wards in districts.items():
                for wkey, info in wards.items():
                    full = f"{prov}_{dist}_{wkey}"
                    self.old_wards[full] = info
                    self.old_by_ward[wkey].append(full)
        # (new province, new commune) -> old communes it was formed from
        self.lineage: dict[tuple[str, str], set[str]] = defaultdict(set)
        for prov, wards in conv.DICT_PROVINCE_WARD_NO_DIVIDED.items():
            for wkey, olds in wards.items():
                self.lineage[(prov, wkey)].update(olds)
        for prov, divided in conv.DICT_PROVINCE_WARD_DIVIDED.items():
            for old_full, parts in divided.items():
                for part in parts:
                    self.lineage[(prov, part["newWardKey"])].add(old_full)

    # -- one unit
    def new_communes(self, label: str) -> list[RegisterUnit]:
        """2025 communes (xã, phường, đặc khu) written `label`, in any province."""
        _, name = split_unit(label)
        out = []
        for prov, info in self.new_wards.get(register_key(label), []):
            if key(info["wardShort"]) == key(name):
                out.append(RegisterUnit(info["wardCode"], info["ward"],
                                        self.new_provinces[prov]["province"], "2025"))
        return out

    def _new_candidates(self, label: str) -> list[tuple[str, str, dict]]:
        _, name = split_unit(label)
        wkey = register_key(label)
        return [(prov, wkey, info) for prov, info in self.new_wards.get(wkey, [])
                if key(info["wardShort"]) == key(name)]

    def _old_matches(self, full_keys: set[str], label: str) -> list[str]:
        _, name = split_unit(label)
        wkey = register_key(label)
        return sorted(f for f in full_keys if f.rsplit("_", 1)[-1] == wkey
                      and key(self.old_wards.get(f, {}).get("wardShort", name)) == key(name))

    def _old_unit(self, full: str) -> RegisterUnit:
        info = self.old_wards[full]
        prov = full.split("_", 1)[0]
        return RegisterUnit(info["wardCode"], info["ward"], self.old_provinces[prov]["province"], "legacy")

    # -- one merger
    def check(self, new_label: str, old_label: str) -> MergerCheck:
        new_level, old_level = _level(new_label), _level(old_label)
        if new_level == PROVINCE_LEVEL and old_level == PROVINCE_LEVEL:
            return self._check_provinces(new_label, old_label)
        if new_level == COMMUNE_LEVEL and old_level == COMMUNE_LEVEL:
            return self._check_communes(new_label, old_label)
        return MergerCheck(False, None, None)

    def _check_provinces(self, new_label: str, old_label: str) -> MergerCheck:
        nk, ok = register_key(new_label), register_key(old_label)
        new_info, old_info = self.new_provinces.get(nk), self.old_provinces.get(ok)
        new_unit = RegisterUnit(new_info["provinceCode"], new_info["province"], new_info["province"],
                                "2025") if new_info else None
        old_unit = RegisterUnit(old_info["provinceCode"], old_info["province"], old_info["province"],
                                "legacy") if old_info else None
        return MergerCheck(ok in self.province_lineage.get(nk, set()), new_unit, old_unit)

    def _check_communes(self, new_label: str, old_label: str) -> MergerCheck:
        candidates = self._new_candidates(new_label)
        agreeing = []
        for prov, wkey, info in candidates:
            olds = self._old_matches(self.lineage.get((prov, wkey), set()), old_label)
            if olds:
                agreeing.append((prov, info, olds))
        # A unit's IRI comes from its name alone, so a code is given only to
        # a name the register holds once: two communes called Tả Lủng (in
        # two districts) are one node, and a code would be one of theirs.
        unique_old = len(self._old_matches(set(self.old_by_ward.get(register_key(old_label), [])), old_label)) == 1
        if len(agreeing) == 1 and len(agreeing[0][2]) == 1:
            prov, info, olds = agreeing[0]
            return MergerCheck(True, RegisterUnit(info["wardCode"], info["ward"],
                                                  self.new_provinces[prov]["province"], "2025")
                               if len(candidates) == 1 else None,
                               self._old_unit(olds[0]) if unique_old else None)
        # Agreement without a single answer, or none: a code only when the
        # name alone is unique in the register.
        new_unit = None
        if len(candidates) == 1:
            prov, _, info = candidates[0]
            new_unit = RegisterUnit(info["wardCode"], info["ward"], self.new_provinces[prov]["province"], "2025")
        olds = self._old_matches(set(self.old_by_ward.get(register_key(old_label), [])), old_label)
        old_unit = self._old_unit(olds[0]) if len(olds) == 1 else None
        return MergerCheck(bool(agreeing), new_unit, old_unit)


def _level(label: str) -> int | None:
    unit_type, _ = split_unit(label)
    return unit_type.props.get("level") if unit_type else None


@lru_cache(maxsize=1)
def register() -> Register:
    return Register()


@lru_cache(maxsize=65536)
def check_merger(new_label: str, old_label: str) -> MergerCheck:
    """Does the register agree that `new_label` was formed from `old_label`?"""
    return register().check(new_label, old_label)


def register_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """What the register adds to one article's quads: `pg:registerAgrees`
    on each Merger (in the article graph) and `pg:registerCode` on the units
    it identifies (in the entities graph)."""
    labels: dict[ox.NamedNode, str] = {}
    merger_graph: dict = {}
    new_of: dict = {}
    old_of: dict = {}
    for q in quads:
        p = q.predicate   # each read builds a new term: read once
        if p == LABEL:
            s = q.subject
            if s not in labels:
                labels[s] = q.object.value
        elif p == TYPE:
            if q.object == _MERGER:
                merger_graph[q.subject] = q.graph_name
        elif p == _NEW:
            new_of[q.subject] = q.object
        elif p == _OLD:
            old_of[q.subject] = q.object
    out: list[ox.Quad] = []
    codes: dict[ox.NamedNode, str] = {}
    for merger, graph in sorted(merger_graph.items(), key=lambda kv: kv[0].value):
        new, old = new_of.get(merger), old_of.get(merger)
        if new not in labels or old not in labels:
            continue
        result = check_merger(labels[new], labels[old])
        out.append(ox.Quad(merger, _AGREES, ox.Literal("true" if result.agrees else "false", datatype=_BOOLEAN),
                           graph))
        if result.new_unit:
            codes[new] = result.new_unit.code  # the new unit's 2025 code wins over a legacy one
        if result.predecessor and old not in codes:
            codes[old] = result.predecessor.code
    out.extend(ox.Quad(u, _CODE, ox.Literal(c), ENTITIES) for u, c in sorted(codes.items(), key=lambda kv: kv[0].value))
    return out

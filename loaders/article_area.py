"""The province an article is about, as its facts tell it: the scope of
the bodies and documents it names without their area ("Tỉnh ủy", "Nghị
quyết Đại hội Đảng bộ tỉnh"), so that two provinces' "Tỉnh ủy" are two
bodies (loaders/identity.py `qualified`)."""
from __future__ import annotations

from .gazetteer import is_province, province_of_district
from .identity import split_unit


def _areas(facts: dict):
    for fact in facts.get("holds_post") or []:
        yield fact.get("area")
    for fact in facts.get("member_counts") or []:
        yield fact.get("area")
    for fact in facts.get("merged_from") or []:
        yield fact.get("unit")


def article_province(facts: dict) -> str | None:
    """The first province (or centrally governed city) among the facts'
    areas, as "tỉnh Gia Lai"; else the province of the first district the
    register places in one province only; else None."""
    areas = [a for a in _areas(facts) if isinstance(a, str) and a.strip()]
    for area in areas:
        unit_type, name = split_unit(area)
        if unit_type is not None and unit_type.props.get("level") == 1 and is_province(name):
            return f"{unit_type.label} {name}"
    for area in areas:
        unit_type, name = split_unit(area)
        if unit_type is not None and unit_type.props.get("level") == 2:
            found = province_of_district(name)
            if found:
                return f"{found[0]} {found[1]}"
    return None

"""One mention of an administrative unit in a text ("xã Hạ Hòa", "thôn 7",
"TP.HCM", a list member of "3 xã: Minh Hạc, Ấm Hạ"): what the units stage
finds and the other stages read."""
from __future__ import annotations

from dataclasses import dataclass, field

from partygraph.ontology.vocabulary import Concept

from .lexicon import cached_key as key
from .lexicon import lexicon


@dataclass
class UnitMention:
    start: int                 # of the whole mention (type word, or name for list members)
    end: int
    type: Concept              # unit type concept (xã, huyện ...)
    type_surface: str          # the type word as written ("Xã", "TX", "")
    name: str | None           # "Hạ Hòa", "7", None when unnamed
    name_start: int = -1
    name_end: int = -1
    place: Concept | None = None   # abbreviated place (TP.HCM)
    surface: str = ""          # as written, for organisation strings
    old: bool = False          # "(cũ)" or a merge predecessor
    new: bool = False          # "mới"
    from_body: bool = False    # named through a committee ("Tỉnh ủy Gia Lai")
    is_person: bool = False    # the "name" turned out to be a person's
    merged_source: bool = False
    merged_new: bool = False
    list_head: int = -1        # index of the mention whose type word it shares
    known: bool = False        # the official register knows the whole name
    past: bool = False         # named as it was before ("trước đây thuộc huyện B")
    background: bool = False   # someone's home town or a post of their past: not what the article is about
    # the unit that now stands for it (tỉnh X -> tỉnh Y); not compared: chains
    successor: UnitMention | None = field(default=None, compare=False, repr=False)

    @property
    def level(self) -> int:
        return lexicon().level(self.type)

    @property
    def named(self) -> bool:
        return bool(self.name) and not self.is_person

    @property
    def area(self) -> str | None:
        """Canonical area string: type word + name ("xã Hạ Hòa"), or the
        abbreviated place's full name ("thành phố Hồ Chí Minh")."""
        if self.place is not None:
            return self.place.label
        if not self.named:
            return None
        return f"{self.type.label} {self.name}"

    @property
    def written(self) -> str | None:
        """How an organisation string names this unit: "xã Hạ Hòa", "TP.HCM"."""
        if self.place is not None:
            return self.surface
        if not self.named:
            return None
        tw = self.type_surface if self.type_surface and not self.type_surface[0].isupper() \
            or self.type_surface.isupper() and not self.type.props.get("expandAbbreviation") else self.type.label
        return f"{tw or self.type.label} {self.name}"

    @property
    def committee_name(self) -> str | None:
        """How a committee names it: "Gia Lai" (Tỉnh ủy Gia Lai), "quận 1", "TP.HCM"."""
        if self.place is not None or not self.named:
            return self.written       # as the organisation string names it: "TP.HCM", None
        return f"{self.type.label} {self.name}" if self.name.isdigit() else self.name

    def identity(self) -> str:
        return key(self.area or "")

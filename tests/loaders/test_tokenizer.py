"""The tokenizer: pieces as before, and the text it hands to the stages is doc.text."""
from __future__ import annotations

from pathlib import Path

import pytest

from partygraph.loaders.pipeline import doc_text, get_pipeline

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, words", [
    ("Số 50 - CT/TW ngày 29/2/2024", ["Số", "50", "-", "CT/TW", "ngày", "29/2/2024"]),
    ("  Đ/c K’Lăng,  TP.HCM\n\nxã Hiệp Hoà.", ["  ", "Đ/c", "K’Lăng", ",", " ", "TP.HCM", "\n\n", "xã", "Hiệp", "Hoà", "."]),
    ("1.462 đảng viên (97,3%)", ["1.462", "đảng", "viên", "(", "97,3%", ")"]),
    ("", []),
])
def test_tokens(text, words):
    doc = get_pipeline().make_doc(text)
    assert [t.text for t in doc] == words
    assert doc.text == doc_text(doc) == text


def test_stage_text_is_doc_text():
    nlp = get_pipeline()
    for p in sorted(ROOT.glob("corpus/dev/*.txt")) + [None]:
        text = p.read_text(encoding="utf-8") if p else "\ufeffA\u00a0b \t\r\nc\u200b d  "
        doc = nlp.make_doc(text)
        assert doc_text(doc) == doc.text

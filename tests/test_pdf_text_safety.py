"""Whatever a clerk types prints literally (or as a visible 〓), never as markup, never crashing the export."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from pdf_helpers import no_space, page_texts, whole_text

from giapp.core.report import Report
from giapp.exchange.fonts import MISSING_MARK, font_set
from giapp.exchange.pdf import pdf_bytes

EXPORTED = datetime(2024, 1, 25, 9, 30)
MARKUP = "<b>粗体</b> & &amp; &lt;i&gt; \"引号\" 'single' <br/> <font name=x>字</font> <para>"
LONG_WORD = "W" * 1000 + "长" * 1000


def hostile_report(form_id: str) -> Report:
    return Report(
        form_id,
        agency="<某某局 & “办公室”>",
        year=2023,
        date="2024-01-20",
        texts={
            "preamble": MARKUP,
            "overview": "（一）主动公开情况\n表情😀👍🏻与生僻字𠮷野家。\n" + LONG_WORD,
            "problems": "控制字符\x00\x07\x1b结束\t制表\u200b零宽",
        },
    )


@pytest.mark.parametrize("form_id", ["gov-2019", "gov-2021"])
def test_hostile_text_exports_and_prints_literally(forms, form_id):
    spec = forms[form_id]
    report = hostile_report(form_id)
    text = no_space(whole_text(pdf_bytes(spec, report, exported_at=EXPORTED)))
    assert no_space(MARKUP) in text
    assert "<某某局&“办公室”>2023年政府信息公开工作年度报告" in text
    assert LONG_WORD in text
    fonts = font_set()
    # characters the fonts lack are printed as 〓, one mark for an emoji with its modifiers
    assert no_space(fonts.printable("表情😀👍🏻与生僻字𠮷野家。", "fang")) in text
    assert "控制字符" in text and "结束" in text


def test_missing_characters_become_one_visible_mark_each():
    fonts = font_set()
    assert fonts.printable("普通文字，ABC 123。", "fang") == "普通文字，ABC 123。"
    assert fonts.printable("a😀b", "fang") == f"a{MISSING_MARK}b"
    assert fonts.printable("👍🏻", "fang") == MISSING_MARK  # skin tone modifier folded in
    assert fonts.printable("x\ud800y", "song") == f"x{MISSING_MARK}y"


def test_a_damaged_character_prints_as_a_visible_mark_not_a_crash(spec21):
    # json.loads accepts "\\ud800"; such a lone surrogate must neither crash the export nor vanish silently
    report = Report("gov-2021", "某某局", 2023, texts={"other": "孤立代理项\ud800尾"})
    data = pdf_bytes(spec21, report, exported_at=EXPORTED)
    assert f"孤立代理项{MISSING_MARK}尾" in no_space(whole_text(data))


def test_a_narrative_longer_than_a_page_flows_onto_the_next_pages(spec21):
    report = Report("gov-2021", "某某局", 2023, "", texts={"problems": "改进。" * 3000})
    data = pdf_bytes(spec21, report, exported_at=EXPORTED)
    assert len(page_texts(data)) > 10
    assert no_space(whole_text(data)).count("改进。") == 3000


def test_windows_fonts_are_used_for_their_roles_when_present(tmp_path, monkeypatch, spec21):
    bundled = font_set().sources["song"]
    assert "wqy-microhei" in bundled  # this machine has no Windows fonts
    from giapp.paths import resource

    fonts_dir = tmp_path / "Windows" / "Fonts"
    fonts_dir.mkdir(parents=True)
    for name in ("simsun.ttc", "simfang.ttf", "simhei.ttf"):  # no 楷体 on this PC
        shutil.copy(resource("fonts", "wqy-microhei.ttc"), fonts_dir / name)
    windows = font_set(fonts_dir)
    assert windows.sources["fang"] == str(fonts_dir / "simfang.ttf")
    assert windows.sources["song"] == str(fonts_dir / "simsun.ttc")
    assert "wqy-microhei" in windows.sources["kai"]
    assert len({windows.names[r] for r in ("song", "fang", "hei")}) == 3

    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    report = Report("gov-2021", "某某局", 2023, "", texts={"overview": "（一）主动公开情况\n正文。"})
    data = pdf_bytes(spec21, report, exported_at=EXPORTED)
    assert "（一）主动公开情况" in no_space(whole_text(data))


def test_a_damaged_windows_font_falls_back_to_the_bundled_one(tmp_path):
    (tmp_path / "simfang.ttf").write_bytes(b"not a font at all")
    fonts = font_set(tmp_path)
    assert "wqy-microhei" in fonts.sources["fang"]


def test_no_usable_font_is_a_chinese_message(tmp_path, monkeypatch, spec21):
    import giapp.exchange.fonts as fonts_module
    from giapp.exchange.pdf import PdfError

    monkeypatch.setattr(fonts_module, "resource", lambda *parts: tmp_path / "gone.ttc")
    monkeypatch.setenv("WINDIR", str(tmp_path / "nowhere"))
    with pytest.raises(PdfError, match="重新安装"):
        pdf_bytes(spec21, Report("gov-2021", "某某局", 2023), exported_at=EXPORTED)


def test_a_200_character_agency_name_wraps_in_the_title_and_the_signature(spec21):
    agency = "很长的机关名称" * 28 + "局<&>"
    report = Report("gov-2021", agency, 2023, "2024-01-20")
    pages = page_texts(pdf_bytes(spec21, report, exported_at=EXPORTED))
    assert no_space(agency + "2023年政府信息公开工作年度报告") in no_space(pages[0])
    assert no_space(agency + "2024年1月20日") in no_space(pages[-1])

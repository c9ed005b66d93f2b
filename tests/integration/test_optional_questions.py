"""A question that is not required says "(optional)" once, in its label or legend,
whether it shares its page or is the page's heading."""

from __future__ import annotations

from ..support import Resident

ONE_QUESTION_FORM = """\
slug: nickname
version: 1
title: Tell us your nickname
summary: A form with one optional question on its page.
reference_prefix: NCK
service_standard: {working_days: 5}
retention: {days: 30}
destination: {office: records}
declaration: {text: I declare., confirm: I confirm}
pages:
  - id: nickname
    title: Nickname
    fields:
      - {id: nickname, type: text, label: "What should we call you?", required: false}
  - id: born
    title: Date of birth
    fields:
      - {id: born, type: date, label: "When were you born?", required: false}
"""


def test_optional_questions_sharing_a_page_say_so_once(resident):
    resident.start("records-request")
    resident.get("/forms/records-request/your-request")
    soup = resident.soup()
    for legend in ("Records from", "Records to"):
        (found,) = [f for f in soup.select("legend") if f.get_text().startswith(legend)]
        assert found.get_text(" ", strip=True) == f"{legend} (optional)"
    label = soup.find("label", attrs={"for": "supporting_document"}).get_text(" ", strip=True)
    assert label == "Upload a document that helps explain your request (optional)"
    assert "Optional" not in soup.find(id="records_from-hint").get_text()


def test_an_optional_question_that_is_the_page_heading_says_so(make_app, tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "nickname.yaml").write_text(ONE_QUESTION_FORM)
    resident = Resident(make_app(FORMS_FOLDER=str(folder)).test_client())
    resident.start("nickname")
    resident.get("/forms/nickname/nickname")
    heading = resident.soup().find("h1")
    assert heading.get_text(" ", strip=True) == "What should we call you? (optional)"
    assert heading.find("label")["for"] == "nickname"
    resident.get("/forms/nickname/born")
    heading = resident.soup().find("h1")
    assert heading.get_text(" ", strip=True) == "When were you born? (optional)"
    assert heading.find_parent("legend") is not None


def test_each_language_writes_optional_its_own_way(resident):
    """Chinese writes "（选填）" straight after the label, with no space; Spanish after one."""
    resident.start("records-request")
    expected_legends = {"zh_Hans": "记录起始日期（选填）", "es": "Registros desde (opcional)"}
    for lang, expected in expected_legends.items():
        resident.get(f"/forms/records-request/your-request?lang={lang}")
        legends = [f.get_text().strip() for f in resident.soup().select("legend")]
        assert expected in legends, legends

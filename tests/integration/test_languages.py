"""Residents use Kiosk in their own language; right-to-left for Arabic."""

from __future__ import annotations

import pytest

from kiosk import catalogs

SHIPPED = ["en", "es", "ar", "zh_Hans", "vi"]


def test_every_shipped_language_is_offered_in_its_own_script(resident):
    resident.get("/")
    switcher = resident.soup().select_one(".language-switcher")
    names = {tag["lang"]: tag.get_text(strip=True) for tag in switcher.select("[lang]")}
    assert names == {
        "en": "English",
        "es": "español",
        "ar": "العربية",
        "zh-Hans": "中文 (简体)",
        "vi": "Tiếng Việt",
    }


@pytest.mark.parametrize(
    ("code", "html_lang", "direction"),
    [("es", "es", "ltr"), ("ar", "ar", "rtl"), ("zh_Hans", "zh-Hans", "ltr"), ("vi", "vi", "ltr")],
)
def test_lang_parameter_switches_language_and_direction_and_is_remembered(
    resident, code, html_lang, direction
):
    resident.get(f"/forms/parking-permit/?lang={code}")
    html = resident.soup().html
    assert (html["lang"], html["dir"]) == (html_lang, direction)
    title = resident.soup().h1.get_text(strip=True)
    assert title != "Apply for a residential parking permit"  # the form text is translated
    resident.get("/help")
    assert resident.soup().html["lang"] == html_lang


def test_browser_language_is_used_until_the_resident_chooses(client, resident):
    response = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert 'lang="zh-Hans"' in response.get_data(as_text=True)
    response = client.get("/", headers={"Accept-Language": "fr-FR,es;q=0.8"})
    assert 'lang="es"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "prefix", "problem", "message"),
    [
        ("es", "Error:", "Hay un problema", "Introduzca su nombre completo"),
        ("ar", "خطأ:", "هناك مشكلة", "أدخل اسمك الكامل"),
        ("zh_Hans", "错误：", "出现问题", "请输入您的全名"),
        ("vi", "Lỗi:", "Có vấn đề", "Nhập họ và tên đầy đủ của bạn"),
    ],
)
def test_errors_are_in_the_residents_language(resident, code, prefix, problem, message):
    resident.get(f"/forms/parking-permit/?lang={code}")
    resident.start("parking-permit")
    resident.answer("parking-permit", "about-you", {"full_name": "", "email": "x"})
    soup = resident.soup()
    assert soup.title.get_text().startswith(prefix)
    summary = soup.select_one(".error-summary")
    assert summary.h2.get_text(strip=True) == problem
    assert message in summary.get_text(" ", strip=True)
    assert "Enter your full name" not in soup.get_text()


def test_an_invalid_choice_is_refused_in_the_residents_language(resident):
    from ..journeys import JOURNEYS

    resident.get("/forms/records-request/?lang=es")
    resident.start("records-request")
    page_id, data = JOURNEYS["records-request"][0]
    resident.answer("records-request", page_id, {**data, "service_area": "not-a-service"})
    summary = resident.soup().select_one(".error-summary").get_text(" ", strip=True)
    assert "Seleccione una de las opciones ofrecidas" in summary


def test_dates_and_money_are_formatted_for_the_locale(app):
    import datetime as dt

    with app.test_request_context("/?lang=es"):
        app.preprocess_request()
        render = app.jinja_env.from_string("{{ day|date_long }} {{ '1250.5'|money('GBP') }}")
        text = render.render(day=dt.date(2026, 12, 4))
    assert "diciembre" in text and "1250,50" in text.replace("\u00a0", "").replace(".", "")


@pytest.mark.parametrize("language", SHIPPED[1:])
def test_catalog_is_complete_with_matching_placeholders(language):
    assert catalogs.catalog_problems(language) == []


def test_message_template_is_up_to_date():
    assert catalogs.template_problems() == []


def test_reference_stays_left_to_right_inside_arabic(resident):
    from ..journeys import JOURNEYS

    resident.get("/forms/records-request/?lang=ar")
    resident.start("records-request")
    for page_id, data in JOURNEYS["records-request"]:
        resident.answer("records-request", page_id, data)
    resident.post("/forms/records-request/declaration", {"confirm": "y"})
    resident.get("/forms/records-request/confirmation")
    reference = resident.soup().select_one("[data-reference]")
    assert reference.find("bdi")["dir"] == "ltr"
    assert resident.soup().html["dir"] == "rtl"


def compiled_in(app, source: str, code: str) -> tuple[str, str]:
    """`source` compiled and rendered as a page in `code` is: (its Python, its output)."""
    with app.test_request_context(f"/?lang={code}"):
        app.preprocess_request()
        environment = app.jinja_env.for_language(code)
        return (
            environment.compile(source, raw=True),
            environment.from_string(source).render(thing={"label": "x"}),
        )


def test_fixed_strings_are_translated_when_a_template_compiles(app):
    """A page in Spanish is compiled with "Continuar" written in it, not looked up."""
    python, html = compiled_in(app, '<button>{{ _("Continue") }}</button>', code="es")
    assert html == "<button>Continuar</button>"
    assert "Continuar" in python and "resolve('_')" not in python


@pytest.mark.parametrize(
    ("source", "expected", "at_render"),
    [
        # with variables: translated when the page renders, variables escaped
        ('{{ _("Step %(step)s of %(steps)s", step="<b>", steps=2) }}', "Paso &lt;b&gt; de 2", True),
        # `%%` is written `%`, as `_` does for a message without variables
        ('{{ _("%%(label)s") }}', "%(label)s", False),
        # a translation is trusted markup; an expression around the call still works
        (
            '{{ (_("Continue") ~ "<") }}|{{ _("Continue").upper() }}',
            "Continuar&lt;|CONTINUAR",
            False,
        ),
        # a message that is not a literal, or `_` as an attribute, is left to render time
        ("{{ _(thing.label) }}", "x", True),
        ('{{ thing._("Continue") if thing._ else "no" }}', "no", True),
    ],
)
def test_other_calls_are_left_as_they_were(app, source, expected, at_render):
    python, html = compiled_in(app, source, code="es")
    assert html == expected
    looks_up_underscore = "resolve('_')" in python or "'_')" in python  # a name or an attribute
    assert looks_up_underscore == at_render


def test_each_language_compiles_its_own_pages(resident):
    """One app serving languages in turn: each page shows its own language's words."""
    first_page = resident.start("parking-permit")
    buttons = {}
    for code in ["es", "en", "vi", "ar", "es"]:
        resident.get(f"{first_page}?lang={code}")
        found = resident.soup().select(".button-group button")
        buttons[code] = [button.get_text(strip=True) for button in found]
    assert buttons == {
        "es": ["Continuar", "Guardar y volver más tarde"],
        "en": ["Continue", "Save and come back later"],
        "vi": ["Tiếp tục", catalogs_text("vi", "Save and come back later")],
        "ar": [catalogs_text("ar", "Continue"), catalogs_text("ar", "Save and come back later")],
    }


def catalogs_text(code: str, message: str) -> str:
    from babel.support import Translations

    from kiosk.paths import TRANSLATIONS

    return Translations.load(str(TRANSLATIONS), [code]).ugettext(message)

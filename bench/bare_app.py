"""The baseline: a bare Flask + WTForms page with the same fields as the Kiosk page.

No database, no session, no macros: the least a Flask form page can cost, so that the
benchmark's ratio shows what Kiosk's engine and draft storage add.
"""

from flask import Flask
from wtforms import EmailField, Form, StringField, TelField

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>About you</title></head>
<body><main><h1>About you</h1>
<form method="post" action="/">
{% for field in form %}<div class="form-group">{{ field.label(class_="label") }}
{{ field(class_="input") }}</div>
{% endfor %}<button type="submit">Continue</button></form></main></body></html>"""


class AboutYou(Form):
    full_name = StringField("Full name")
    email = EmailField("Email address")
    phone = TelField("Phone number")


def create_app() -> Flask:
    app = Flask(__name__)
    template = app.jinja_env.from_string(PAGE)  # compiled once, as Kiosk's templates are

    @app.get("/")
    def page():
        return template.render(form=AboutYou())

    return app

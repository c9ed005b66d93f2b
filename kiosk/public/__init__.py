"""The resident's pages: start, questions, check answers, declaration, confirmation."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import contact, documents, feedback, provide, status, verify, views  # noqa: E402,F401

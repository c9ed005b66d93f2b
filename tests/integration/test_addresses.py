"""Addresses in emails, QR codes and PDFs come from PUBLIC_URL and the app's routes."""

from __future__ import annotations

from kiosk.addresses import external_url


def test_addresses_follow_public_url_with_or_without_a_request(make_app):
    app = make_app(PUBLIC_URL="https://city.example/forms-service/")
    assert external_url("public.status", app=app) == "https://city.example/forms-service/status"
    assert (
        external_url("public.verify", app=app, reference="PKP-7K3M-Q9XD")
        == "https://city.example/forms-service/verify?reference=PKP-7K3M-Q9XD"
    )
    # In a view behind a proxy that mounts the app under the same path, the address is
    # the same (it was once PUBLIC_URL + the mounted path again).
    with app.test_request_context("/status", base_url="http://10.0.0.5/forms-service"):
        assert external_url("public.status") == "https://city.example/forms-service/status"

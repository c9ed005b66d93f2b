"""What a PDF's seal check reports, as people read it."""

from __future__ import annotations


def test_a_seal_holder_is_named_as_people_read_it():
    from asn1crypto.x509 import Name

    from kiosk.services.signing import seal_holder

    def holder(**names) -> str:
        return seal_holder(Name.build(names))

    city = "City of Example"
    assert holder(common_name="City of Example seal", organization_name=city) == (
        "City of Example seal"
    )
    assert holder(common_name="Parking seal", organization_name=city) == (
        "Parking seal (City of Example)"
    )
    assert holder(organization_name=city) == city

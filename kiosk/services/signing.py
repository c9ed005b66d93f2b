"""The agency seal: a PAdES signature over the whole PDF, and checking one.

The office signs every submission's PDF with its own key and certificate, so that a
clerk, a court or the resident can prove nobody changed it afterwards. Production
loads a PKCS#12 file or a PEM key and certificate from configuration; for
development `make run` creates a local CA and a seal certificate (EC P-256) in
`instance/seal/`. When `SEAL_TIMESTAMP_URL` names an RFC 3161 server, the signature
carries its timestamp too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SEAL_FIELD = "AgencySeal"


@dataclass(frozen=True)
class SealIdentity:
    """The key and certificate that seal PDFs, and the chain up to the trusted root."""

    key_pem: bytes
    certificate_pem: bytes
    chain_pem: tuple[bytes, ...] = ()

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_pem)


def development_seal(folder: Path, agency: str) -> SealIdentity:
    """A local CA and seal certificate in `folder`, created on first use (never in production)."""
    folder.mkdir(parents=True, exist_ok=True)
    key_file, cert_file, ca_file = folder / "seal.key", folder / "seal.crt", folder / "ca.crt"
    if not (key_file.exists() and cert_file.exists() and ca_file.exists()):
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _name(f"{agency} development CA (not for production)", agency)
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        seal_key = ec.generate_private_key(ec.SECP256R1())
        seal_cert = (
            x509.CertificateBuilder()
            .subject_name(_name(f"{agency} seal", agency))
            .issuer_name(ca_name)
            .public_key(seal_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(seal_key.public_key()), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        key_file.write_bytes(
            seal_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_file.chmod(0o600)
        cert_file.write_bytes(seal_cert.public_bytes(serialization.Encoding.PEM))
        ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return SealIdentity(key_file.read_bytes(), cert_file.read_bytes(), (ca_file.read_bytes(),))


def seal_from_files(
    *, pkcs12_file=None, password=None, key_file=None, cert_file=None, chain_file=None
) -> SealIdentity:
    """The production seal: a PKCS#12 bundle, or a PEM key and certificate (and chain)."""
    if pkcs12_file:
        key, cert, extra = pkcs12.load_key_and_certificates(
            Path(pkcs12_file).read_bytes(), password.encode() if password else None
        )
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        chain = tuple(c.public_bytes(serialization.Encoding.PEM) for c in extra or ())
        return SealIdentity(key_pem, cert.public_bytes(serialization.Encoding.PEM), chain)
    chain = split_pem(Path(chain_file).read_bytes()) if chain_file else ()
    return SealIdentity(Path(key_file).read_bytes(), Path(cert_file).read_bytes(), chain)


def outside_event_loop(work):
    """Run `work()` where asyncio.run may be called: pyHanko signs and validates with
    asyncio.run, which fails in a thread whose event loop is running (an async server,
    a browser driver); there, a short-lived thread of its own does the work."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(work).result()


def seal_pdf(pdf: bytes, identity: SealIdentity, *, timestamp_url: str | None = None) -> bytes:
    """Sign `pdf` with the agency seal (PAdES B-B, or B-T with a timestamp server)."""
    return outside_event_loop(lambda: _seal(pdf, identity, timestamp_url))


def _seal(pdf: bytes, identity: SealIdentity, timestamp_url: str | None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Sealed on receipt",
    )
    timestamper = timestamps.HTTPTimeStamper(timestamp_url) if timestamp_url else None
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = signers.sign_pdf(
        writer,
        metadata,
        signer=_signer(identity),
        timestamper=timestamper,
        # Room for the signature, chain and timestamp, so pyHanko need not sign twice
        # to measure it first.
        bytes_reserved=16384 if timestamp_url else 8192,
    )
    return output.getvalue()


@cache
def _signer(identity: SealIdentity):
    """pyHanko's signer for a seal, built once: parsing keys and chains is not free."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return signers.SimpleSigner(
        signing_cert=_asn1_certificate(identity.certificate_pem),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            serialization.load_pem_private_key(identity.key_pem, None).private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [_asn1_certificate(pem) for pem in identity.chain_pem]
        ),
    )


@dataclass(frozen=True)
class SealCheck:
    """What checking a PDF's seal found."""

    sealed: bool
    intact: bool = False
    trusted: bool = False
    whole_document: bool = False
    sealed_by: str | None = None
    sealed_at: dt.datetime | None = None
    sha256: str = ""

    @property
    def valid(self) -> bool:
        return self.sealed and self.intact and self.trusted and self.whole_document


def check_seal(pdf: bytes, trust_roots: list[bytes]) -> SealCheck:
    """Check the agency seal of `pdf` against the office's trusted root certificates."""
    return outside_event_loop(lambda: _check(pdf, trust_roots))


def _check(pdf: bytes, trust_roots: list[bytes]) -> SealCheck:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    digest = hashlib.sha256(pdf).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = [s for s in reader.embedded_signatures if s.field_name == SEAL_FIELD]
    except (PdfReadError, ValueError, KeyError, OSError):
        return SealCheck(sealed=False, sha256=digest)
    if not signatures:
        return SealCheck(sealed=False, sha256=digest)
    context = ValidationContext(
        trust_roots=[_asn1_certificate(pem) for pem in trust_roots], allow_fetching=False
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:  # noqa: BLE001 - a mangled signature is a broken seal, not a crash
        return SealCheck(sealed=True, sha256=digest)
    return SealCheck(
        sealed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        sealed_by=seal_holder(status.signing_cert.subject),
        sealed_at=status.signer_reported_dt,
        sha256=digest,
    )


def seal_holder(subject) -> str:
    """Who holds the seal, as people read it: its common name and, if that does not say
    it, its organisation ("City of Example seal"; "Parking seal (City of Example)"),
    without X.509's own field names ("Organization: …, Common Name: …"), which are in
    English whatever the page's language."""
    names = subject.native
    common, organisation = names.get("common_name"), names.get("organization_name")
    if isinstance(common, str) and isinstance(organisation, str):
        return common if organisation in common else f"{common} ({organisation})"
    single = common if isinstance(common, str) else organisation
    return single if isinstance(single, str) else subject.human_friendly


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _asn1_certificate(pem: bytes) -> asn1_x509.Certificate:
    certificate = x509.load_pem_x509_certificate(pem)
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def split_pem(data: bytes) -> tuple[bytes, ...]:
    marker = b"-----END CERTIFICATE-----"
    return tuple(part + marker + b"\n" for part in data.split(marker) if b"BEGIN" in part)

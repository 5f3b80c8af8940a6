"""Digital signatures of issued dictámenes and actas, made offline with a committee member's
certificate (a PKCS#12 file, ``.p12`` or ``.pfx``, with its password).

Each signature is a PAdES signature of the printed PDF of the document in force. The first one
signs the PDF as ``report`` prints it; every later one signs the PDF already signed, as an
incremental update, so that it covers the signatures before it. Every signed PDF is kept in
``document_signatures`` with who signed, the certificate, when, its SHA-256 and the document's
verification code, and the signing is recorded in the audit trail.

Checking a signature establishes the integrity of what was signed and the certificate that
signed it. Whether that certificate chains to a trusted authority (RENIEC, INDECOPI) cannot be
established offline, and is neither checked nor claimed; a self-issued certificate is reported
the same way.
"""

import contextlib
import hashlib
import io
import itertools
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from procompite.common.clock import now_iso
from procompite.common.dates import format_moment, format_short
from procompite.storage import audit

TABLE = "document_signatures"
DOCUMENT_TABLES = {"dictamen": "dictamenes", "acta": "actas"}
TRUST_NOTE = (
    "la confianza en la cadena del certificado (RENIEC, INDECOPI) no se comprueba sin conexión"
)
CODE_IN_TEXT = re.compile(r"verificación:?\s*([0-9A-F]{4}(?:-[0-9A-F]{4}){3})")
# Updates a later signature may make to a PDF signed before it: new signatures and their fields.
ALLOWED_AFTER = ("NONE", "LTA_UPDATES", "FORM_FILLING")
QUIET_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "pypdf")


class SigningError(Exception):
    """A signature that cannot be made or shown; the message is one Spanish line."""


@dataclass(frozen=True)
class Certificate:
    """Who a certificate names and how to tell it from any other."""

    name: str
    subject: str
    serial: str
    fingerprint: str
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class Credential:
    """A certificate with its private key, read from a PKCS#12 file and its password."""

    certificate: Certificate
    pkcs12: bytes
    password: bytes | None


@dataclass(frozen=True)
class IssuedDocument:
    """An issued dictamen or acta as a signature names it; ``owner_id`` is its plan or call."""

    kind: str
    document_id: int
    owner_id: int
    number: str
    code: str
    in_force: bool

    @property
    def name(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def title(self) -> str:
        return f"{self.kind.capitalize()} {self.number}"


@dataclass(frozen=True)
class StoredSignature:
    position: int
    field_name: str
    signer_name: str
    subject: str
    serial: str
    fingerprint: str
    signed_at: str
    code: str
    pdf: bytes
    sha256: str

    def described(self, *, full: bool = False) -> str:
        """The signature in one Spanish line: the signer, when, and the certificate (its
        subject and whole fingerprint only when ``full``)."""
        subject = f"«{self.subject}», " if full else ""
        fingerprint = self.fingerprint if full else self.fingerprint[:16] + "…"
        return (
            f"{self.position}. {self.signer_name}, {format_moment(self.signed_at)}; certificado "
            f"{subject}serie {self.serial}, huella SHA-256 {fingerprint}"
        )


@dataclass(frozen=True)
class SignatureCheck:
    """What ``verify`` says of a document's digital signatures: its lines (none when it has
    no signatures) and the first problem, as the end of a Spanish sentence (empty when they
    hold)."""

    lines: tuple[str, ...] = ()
    problem: str = ""


def _described(cert) -> Certificate:
    """A ``cryptography`` certificate as the signature table keeps it."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject = cert.subject.rfc4514_string()
    name = str(names[0].value).strip() if names else ""
    return Certificate(
        name or subject or "titular sin nombre",
        subject,
        format(cert.serial_number, "X"),
        cert.fingerprint(hashes.SHA256()).hex(),
        cert.not_valid_before_utc,
        cert.not_valid_after_utc,
    )


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except (ValueError, TypeError, KeyError):
        return False


def load_credential(
    data: bytes, password: str, file_name: str, now: datetime | None = None
) -> Credential:
    """The certificate and key of a PKCS#12 file. Raises :class:`SigningError` for a file that
    is not PKCS#12, a wrong password, a file without a private key, or a certificate that is
    expired or not yet valid on ``now``."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    if not _is_pkcs12(data):
        raise SigningError(
            f"«{file_name}» no es un certificado digital PKCS#12 (archivo .p12 o .pfx)."
        )
    attempts = [password.encode()] if password else [None, b""]
    for secret in attempts:
        try:
            key, cert, _chain = pkcs12.load_key_and_certificates(data, secret)
            break
        except ValueError:
            continue
    else:
        raise SigningError(f"la contraseña del certificado «{file_name}» no es correcta.")
    if cert is None:
        raise SigningError(f"«{file_name}» no contiene ningún certificado.")
    if key is None:
        raise SigningError(
            f"«{file_name}» no contiene la clave privada del certificado: no sirve para firmar."
        )
    certificate = _described(cert)
    moment = now or datetime.now(UTC)
    if certificate.not_after < moment:
        raise SigningError(
            f"el certificado de {certificate.name} venció el "
            f"{format_short(certificate.not_after.date())}: no se puede firmar con él."
        )
    if certificate.not_before > moment:
        raise SigningError(
            f"el certificado de {certificate.name} es válido recién desde el "
            f"{format_short(certificate.not_before.date())}: aún no se puede firmar con él."
        )
    return Credential(certificate, data, secret)


def issued_document(db: Database, kind: str, number: str) -> IssuedDocument:
    """The issued dictamen or acta numbered ``number``, in force or not.

    Raises :class:`SigningError` when there is none: a draft has no number."""
    if kind == "dictamen":
        sql = (
            "SELECT id, plan_id, number, verification_code, status = 'emitido' FROM dictamenes "
            "WHERE number = ? COLLATE NOCASE"
        )
    else:
        sql = (
            "SELECT id, call_id, number, verification_code, "
            "id = (SELECT max(id) FROM actas l WHERE l.call_id = a.call_id) "
            "FROM actas a WHERE number = ? COLLATE NOCASE"
        )
    row = db.execute(sql, [number.strip()]).fetchone()
    if not row:
        article = "emitida" if kind == "acta" else "emitido"
        raise SigningError(
            f"no hay un {kind} {article} con el número «{number}»: solo se firman documentos "
            "emitidos, no borradores."
        )
    return IssuedDocument(kind, row[0], row[1], row[2], row[3], bool(row[4]))


def document_of_code(db: Database, kind: str, code: str) -> IssuedDocument | None:
    table = DOCUMENT_TABLES[kind]
    row = db.execute(f"SELECT number FROM {table} WHERE verification_code = ?", [code]).fetchone()
    return issued_document(db, kind, row[0]) if row else None


def stored_signatures(db: Database, document: IssuedDocument) -> list[StoredSignature]:
    """The document's signatures in the order they were made (none in a file older than the
    table)."""
    if not db[TABLE].exists():
        return []
    return [
        StoredSignature(*row)
        for row in db.execute(
            "SELECT position, field_name, signer_name, certificate_subject, certificate_serial, "
            "certificate_fingerprint, signed_at, verification_code, signed_pdf, pdf_sha256 "
            f"FROM {TABLE} WHERE document_kind = ? AND document_id = ? ORDER BY position",
            [document.kind, document.document_id],
        )
    ]


def _field_name(position: int, name: str) -> str:
    """``Firma2_LUIS_QUISPE``: the position and the signer in plain letters."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", "_", plain).strip("_")[:48]
    return f"Firma{position}_{words}" if words else f"Firma{position}"


def _rendered(db: Database, document: IssuedDocument) -> bytes:
    """The PDF of the issued document as ``report`` prints it."""
    from procompite.calls.entity import letterhead

    head = letterhead(db)
    if document.kind == "dictamen":
        from procompite.documents.dictamen_document import issued_dictamen
        from procompite.documents.pdf.dictamen import render_dictamen

        dictamen = issued_dictamen(db, document.owner_id, _snapshot(db, document), document.code)
        return render_dictamen(dictamen, head)
    from procompite.documents.letterheads import document_letterhead
    from procompite.documents.pdf.acta import ActaDocument, render_acta

    snapshot = json.loads(_snapshot(db, document))
    acta = ActaDocument(
        document.owner_id, snapshot, document.code, document_letterhead(db, snapshot)
    )
    return render_acta(acta, head)


def _snapshot(db: Database, document: IssuedDocument) -> str:
    table = DOCUMENT_TABLES[document.kind]
    return db.execute(
        f"SELECT snapshot FROM {table} WHERE id = ?", [document.document_id]
    ).fetchone()[0]


def _location(db: Database, document: IssuedDocument) -> str | None:
    """The city the document is signed in, as it prints it."""
    legal = json.loads(_snapshot(db, document)).get("base_legal") or {}
    return legal.get("ciudad") or None


def _signed_pdf(
    pdf: bytes, credential: Credential, field_name: str, reason: str, location: str | None
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(
        credential.pkcs12, [], passphrase=credential.password
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=credential.certificate.name,
        reason=reason,
        location=location,
    )
    with _quiet():
        out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()


def check_signable(db: Database, kind: str, number: str) -> IssuedDocument:
    """The document to sign, if it can be: issued and in force, its stored signed PDF intact.
    Raises :class:`SigningError` otherwise."""
    document = issued_document(db, kind, number)
    if not document.in_force:
        if kind == "dictamen":
            raise SigningError(
                f"el dictamen {document.number} fue reabierto: ya no está vigente y no se firma."
            )
        raise SigningError(
            f"el acta {document.number} fue reemplazada por una posterior: solo se firma el "
            "acta vigente."
        )
    signatures = stored_signatures(db, document)
    if signatures and hashlib.sha256(signatures[-1].pdf).hexdigest() != signatures[-1].sha256:
        raise SigningError(
            f"el PDF firmado guardado del {document.name} fue alterado (su SHA-256 no es el "
            "registrado): no se puede firmar encima; compruébelo con «verify»."
        )
    return document


def sign_document(
    db: Database, kind: str, number: str, credential: Credential, *, actor: str
) -> StoredSignature:
    """Sign the issued ``kind`` numbered ``number`` with ``credential`` on top of its stored
    signatures, keep the signed PDF and record it; returns the new signature.

    Raises :class:`SigningError` when the document cannot be signed or this certificate has
    already signed it."""
    certificate = credential.certificate
    with db.atomic():
        document = check_signable(db, kind, number)
        signatures = stored_signatures(db, document)
        for earlier in signatures:
            if earlier.fingerprint == certificate.fingerprint:
                raise SigningError(
                    f"{earlier.signer_name} ya firmó el {document.name} con este certificado, "
                    f"el {format_moment(earlier.signed_at)}."
                )
        position = len(signatures) + 1
        base = signatures[-1].pdf if signatures else _rendered(db, document)
        field_name = _field_name(position, certificate.name)
        reason = (
            f"Firma del {document.name} (código de verificación {document.code}) por un "
            "miembro del comité evaluador PROCOMPITE"
        )
        pdf = _signed_pdf(base, credential, field_name, reason, _location(db, document))
        signature = StoredSignature(
            position,
            field_name,
            certificate.name,
            certificate.subject,
            certificate.serial,
            certificate.fingerprint,
            now_iso(),
            document.code,
            pdf,
            hashlib.sha256(pdf).hexdigest(),
        )
        row_id = (
            db[TABLE]
            .insert(
                {
                    "document_kind": document.kind,
                    "document_id": document.document_id,
                    "verification_code": signature.code,
                    "position": position,
                    "field_name": field_name,
                    "signer_name": signature.signer_name,
                    "certificate_subject": signature.subject,
                    "certificate_serial": signature.serial,
                    "certificate_fingerprint": signature.fingerprint,
                    "signed_at": signature.signed_at,
                    "signed_pdf": pdf,
                    "pdf_sha256": signature.sha256,
                }
            )
            .last_pk
        )
        audit.record(
            db,
            actor=actor,
            action=f"firmar {document.kind} digitalmente",
            table=TABLE,
            row_id=row_id,
            after={
                "documento": document.number,
                "verificacion": document.code,
                "firma": position,
                "firmante": signature.signer_name,
                "certificado": {
                    "sujeto": signature.subject,
                    "serie": signature.serial,
                    "huella_sha256": signature.fingerprint,
                },
                "pdf_sha256": signature.sha256,
            },
            at=signature.signed_at,
        )
    return signature


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep the PDF libraries' own English diagnostics off the user's terminal: what they find
    is reported in Spanish from the results."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _codes_in_text(pdf: bytes) -> set[str]:
    """The verification codes printed on the pages of a PDF."""
    from pypdf import PdfReader

    with _quiet():
        try:
            pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        except Exception:
            return set()
    return {code for text in pages for code in CODE_IN_TEXT.findall(text)}


def _validated(pdf: bytes) -> list[tuple[str, str, str, bool]]:
    """Each embedded signature of ``pdf`` in signing order: its field, the SHA-256 of its
    certificate, the problem found (empty when it holds) and whether it covers the whole file.

    Raises ``ValueError`` when the PDF cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[], allow_fetching=False, revocation_mode="soft-fail")
    found = []
    with _quiet():
        try:
            embedded = PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures
        except Exception as error:
            raise ValueError(str(error)) from error
        for signature in embedded:
            try:
                fingerprint = hashlib.sha256(signature.signer_cert.dump()).hexdigest()
            except Exception:
                fingerprint = ""
            try:
                status = validate_pdf_signature(signature, context)
            except Exception:
                found.append((signature.field_name, fingerprint, "no se puede comprobar", False))
                continue
            level = status.modification_level
            if not (status.intact and status.valid):
                problem = "NO es válida: el contenido firmado cambió"
            elif level is None or level.name not in ALLOWED_AFTER or status.docmdp_ok is False:
                problem = "NO es válida: después de firmar, el PDF cambió en algo más que firmas"
            else:
                problem = ""
            whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
            found.append((signature.field_name, fingerprint, problem, whole))
    return found


def check_signatures(db: Database, kind: str, code: str) -> SignatureCheck:
    """The digital signatures of the issued ``kind`` with verification ``code``: each one
    valid or not, the stored PDFs as they were signed, and the PDF still the document of that
    code."""
    document = document_of_code(db, kind, code)
    signatures = stored_signatures(db, document) if document else []
    if not signatures:
        return SignatureCheck()
    problems: list[str] = []
    latest = signatures[-1]
    for signature in signatures:
        if hashlib.sha256(signature.pdf).hexdigest() != signature.sha256:
            problems.append(
                f"el PDF firmado guardado con la firma {signature.position} fue alterado: su "
                "SHA-256 ya no es el registrado"
            )
    for before, after in itertools.pairwise(signatures):
        if not after.pdf.startswith(before.pdf):
            problems.append(
                f"el PDF de la firma {after.position} no continúa el de la firma "
                f"{before.position}: se quitó o cambió una firma anterior"
            )
    verdicts = ["no se puede comprobar"] * len(signatures)
    try:
        embedded = _validated(latest.pdf)
    except ValueError:
        problems.append("el PDF firmado guardado está dañado: no se puede leer")
        embedded = []
    else:
        if len(embedded) != len(signatures):
            problems.append(
                f"el PDF firmado tiene {len(embedded)} firma(s) y se registraron {len(signatures)}"
            )
        for index, (signature, (field_name, fingerprint, problem, whole)) in enumerate(
            zip(signatures, embedded, strict=False)
        ):
            if fingerprint != signature.fingerprint or field_name != signature.field_name:
                problem = problem or "NO corresponde al firmante registrado"
            if problem:
                problems.append(
                    f"la firma {signature.position} ({signature.signer_name}) {problem}"
                )
                verdicts[index] = problem
            elif index == len(signatures) - 1:
                verdicts[index] = "firma íntegra; cubre todo el PDF" if whole else "firma íntegra"
            else:
                verdicts[index] = "firma íntegra; la cubren las firmas siguientes"
    if any(signature.code != code for signature in signatures):
        problems.append("una firma se registró con otro código de verificación")
    if embedded:
        codes = _codes_in_text(latest.pdf)
        if codes != {code}:
            shown = ", ".join(sorted(codes)) or "ninguno"
            problems.append(
                f"el PDF firmado no lleva el código de verificación {code} (lleva: {shown})"
            )
    lines = [f"Firmas digitales ({len(signatures)}); {TRUST_NOTE}:"]
    lines += [
        f"  {signature.described()}: {verdict}."
        for signature, verdict in zip(signatures, verdicts, strict=True)
    ]
    if problems:
        lines.append(f"Firmas digitales NO VÁLIDAS: {problems[0]}.")
        return SignatureCheck(tuple(lines), problems[0])
    lines.append(
        "El PDF firmado lleva el código de verificación de este documento y sus firmas son "
        "íntegras."
    )
    return SignatureCheck(tuple(lines))

"""Digital signatures of issued documents: members sign a dictamen or acta with their PKCS#12
certificates, one on top of the other, and ``verify`` checks every signature."""

import io
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from procompite.cli import main
from procompite.documents.dictamenes import reopen_dictamen
from procompite.storage.database import open_database
from tests.report_helpers import issue_demo_acta, issue_ready, pages_text

PLAN = 3
ANA = "Ana María Quispe Huamán"
LUIS = "Luis Alberto Mamani Condori"


def certificate(name: str, password: str, *, valid_days: int = 365) -> tuple[bytes, bytes]:
    """A self-issued certificate for ``name`` as a PKCS#12 file protected by ``password``,
    and the certificate alone (DER); ``valid_days`` below zero gives an expired one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gobierno Regional Cusco"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400))
        .not_valid_after(now + timedelta(days=valid_days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        name.encode(), key, cert, None, serialization.BestAvailableEncryption(password.encode())
    )
    return p12, cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    """Two committee members' certificate files, their password files and certificates."""
    folder = tmp_path_factory.mktemp("certificados")
    found = {}
    for short, name, password in (("ana", ANA, "clave-Ana-1"), ("luis", LUIS, "clave-Luis-2")):
        p12, der = certificate(name, password)
        (folder / f"{short}.p12").write_bytes(p12)
        (folder / f"{short}.txt").write_text(password + "\n", encoding="utf-8")
        found[short] = (folder / f"{short}.p12", folder / f"{short}.txt", der)
    return found


def _issued(demo_path) -> tuple[str, str]:
    db = open_database(demo_path)
    try:
        issue_ready(db)
        return db.execute(
            "SELECT number, verification_code FROM dictamenes WHERE plan_id = ?", [PLAN]
        ).fetchone()
    finally:
        db.close()


def _sign(demo_path, tmp_path, member, *, dictamen=None, acta=None, out="firmado.pdf") -> int:
    p12, password, _ = member
    which = ["--dictamen", dictamen] if dictamen else ["--acta", acta]
    return main(
        [
            "sign",
            "--db",
            str(demo_path),
            *which,
            "--p12",
            str(p12),
            "--password-file",
            str(password),
            "--out",
            str(tmp_path / out),
        ]
    )


def _rows(demo_path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(demo_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM document_signatures ORDER BY id").fetchall()
    finally:
        conn.close()


def _error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_two_members_sign_a_dictamen_and_the_second_signature_covers_the_first(
    demo_path, tmp_path, members, capsys
):
    number, code = _issued(demo_path)
    assert _sign(demo_path, tmp_path, members["ana"], dictamen=number, out="ana.pdf") == 0
    assert _sign(demo_path, tmp_path, members["luis"], dictamen=number, out="luis.pdf") == 0
    out = capsys.readouterr().out
    assert f"Dictamen {number} firmado digitalmente por {LUIS} (firma 2)" in out

    first, second = _rows(demo_path)
    assert (first["signer_name"], second["signer_name"]) == (ANA, LUIS)
    assert first["document_kind"] == "dictamen" and first["verification_code"] == code
    assert first["certificate_subject"].startswith(f"CN={ANA}")
    assert second["signed_pdf"].startswith(first["signed_pdf"])
    assert second["signed_pdf"] == (tmp_path / "luis.pdf").read_bytes()
    assert first["signed_pdf"] == (tmp_path / "ana.pdf").read_bytes()

    trusted = [asn1_x509.Certificate.load(members[m][2]) for m in ("ana", "luis")]
    context = ValidationContext(trust_roots=trusted, allow_fetching=False)
    signatures = PdfFileReader(io.BytesIO(second["signed_pdf"])).embedded_regular_signatures
    assert [s.field_name for s in signatures] == [first["field_name"], second["field_name"]]
    statuses = [validate_pdf_signature(s, context) for s in signatures]
    assert all(status.intact and status.valid and status.bottom_line for status in statuses)
    assert [s.signer_cert.subject.native["common_name"] for s in signatures] == [ANA, LUIS]
    assert statuses[0].coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert statuses[1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signatures[1].signed_revision > signatures[0].signed_revision
    assert code in "\n".join(pages_text(second["signed_pdf"]))

    db = open_database(demo_path, create=False, readonly=True)
    actions = db.execute(
        "SELECT action, actor FROM audit_log WHERE table_name = 'document_signatures'"
    ).fetchall()
    db.close()
    assert actions == [
        ("firmar dictamen digitalmente", ANA),
        ("firmar dictamen digitalmente", LUIS),
    ]


def test_verify_reports_each_signature_and_that_trust_was_not_checked_offline(
    demo_path, tmp_path, members, capsys
):
    number, code = _issued(demo_path)
    _sign(demo_path, tmp_path, members["ana"], dictamen=number)
    _sign(demo_path, tmp_path, members["luis"], dictamen=number)
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path), code]) == 0
    out = capsys.readouterr().out
    assert "Firmas digitales (2)" in out and "no se comprueba sin conexión" in out
    assert f"1. {ANA}" in out and f"2. {LUIS}" in out
    assert "firma íntegra; la cubren las firmas siguientes" in out
    assert "firma íntegra; cubre todo el PDF" in out
    assert "lleva el código de verificación de este documento" in out
    assert out.strip().endswith("VÁLIDO: los datos actuales coinciden con el documento.")
    assert main(["verify", "--db", str(demo_path), "--all"]) == 0


def test_signatures_lists_the_signers_and_writes_the_signed_pdf(
    demo_path, tmp_path, members, capsys
):
    number, code = _issued(demo_path)
    db = str(demo_path)
    assert main(["signatures", "--db", db, "--dictamen", number]) == 0
    assert "no tiene firmas digitales" in capsys.readouterr().out
    _sign(demo_path, tmp_path, members["ana"], dictamen=number)
    capsys.readouterr()
    assert main(["signatures", "--db", db, "--dictamen", number]) == 0
    out = capsys.readouterr().out
    assert f"código de verificación {code}: 1 firma(s)" in out
    (row,) = _rows(demo_path)
    assert row["certificate_fingerprint"] in out and row["certificate_serial"] in out
    target = tmp_path / "copia.pdf"
    assert main(["signatures", "--db", db, "--dictamen", number, "--out", str(target)]) == 0
    assert target.read_bytes() == row["signed_pdf"]


def test_an_issued_acta_is_signed_and_verified(demo_path, tmp_path, members, capsys):
    db = open_database(demo_path)
    number = issue_demo_acta(db)
    code = db.execute("SELECT verification_code FROM actas WHERE number = ?", [number]).fetchone()
    db.close()
    assert _sign(demo_path, tmp_path, members["luis"], acta=number) == 0
    assert main(["verify", "--db", str(demo_path), code[0]]) == 0
    out = capsys.readouterr().out
    assert "Firmas digitales (1)" in out and f"1. {LUIS}" in out


def test_a_wrong_password_is_refused_with_one_line(demo_path, tmp_path, members, capsys):
    number, _ = _issued(demo_path)
    p12, _, der = members["ana"]
    wrong = tmp_path / "mala.txt"
    wrong.write_text("no-es-la-clave\n", encoding="utf-8")
    assert _sign(demo_path, tmp_path, (p12, wrong, der), dictamen=number) == 2
    assert _error_line(capsys) == f"Error: la contraseña del certificado «{p12}» no es correcta."
    assert _rows(demo_path) == []
    assert not (tmp_path / "firmado.pdf").exists()


def test_the_password_is_asked_on_the_terminal_without_a_file(
    demo_path, tmp_path, members, monkeypatch, capsys
):
    number, _ = _issued(demo_path)
    p12, password, _ = members["ana"]
    asked = []
    monkeypatch.setattr(
        "getpass.getpass",
        lambda prompt: asked.append(prompt) or password.read_text(encoding="utf-8").strip(),
    )
    args = ["sign", "--db", str(demo_path), "--dictamen", number, "--p12", str(p12)]
    assert main([*args, "--out", str(tmp_path / "firmado.pdf")]) == 0
    assert asked == ["Contraseña del certificado: "]


def test_a_draft_or_a_reopened_dictamen_is_refused_with_one_line(
    demo_path, tmp_path, members, capsys
):
    number, _ = _issued(demo_path)
    assert _sign(demo_path, tmp_path, members["ana"], dictamen="BORRADOR") == 2
    assert _error_line(capsys) == (
        "Error: no hay un dictamen emitido con el número «BORRADOR»: solo se firman documentos "
        "emitidos, no borradores."
    )
    db = open_database(demo_path)
    (dictamen_id,) = db.execute("SELECT id FROM dictamenes WHERE number = ?", [number]).fetchone()
    reopen_dictamen(db, dictamen_id, "Reclamo del AEO", actor="Presidencia")
    db.close()
    assert _sign(demo_path, tmp_path, members["ana"], dictamen=number) == 2
    assert "fue reabierto: ya no está vigente" in _error_line(capsys)
    assert _rows(demo_path) == []


def test_an_expired_certificate_a_file_that_is_not_pkcs12_and_a_second_use_are_refused(
    demo_path, tmp_path, members, capsys
):
    number, _ = _issued(demo_path)
    expired, _ = certificate("Rosa Vieja Ccori", "clave", valid_days=-3)
    (tmp_path / "vencido.p12").write_bytes(expired)
    (tmp_path / "clave.txt").write_text("clave", encoding="utf-8")
    old = (tmp_path / "vencido.p12", tmp_path / "clave.txt", b"")
    assert _sign(demo_path, tmp_path, old, dictamen=number) == 2
    line = _error_line(capsys)
    assert "el certificado de Rosa Vieja Ccori venció el" in line

    (tmp_path / "dictamen.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    not_p12 = (tmp_path / "dictamen.pdf", tmp_path / "clave.txt", b"")
    assert _sign(demo_path, tmp_path, not_p12, dictamen=number) == 2
    assert "no es un certificado digital PKCS#12" in _error_line(capsys)

    assert _sign(demo_path, tmp_path, members["ana"], dictamen=number) == 0
    capsys.readouterr()
    assert _sign(demo_path, tmp_path, members["ana"], dictamen=number, out="otra.pdf") == 2
    assert f"{ANA} ya firmó el dictamen {number} con este certificado" in _error_line(capsys)
    assert len(_rows(demo_path)) == 1


def test_tampering_the_stored_signed_pdf_makes_verify_say_so(demo_path, tmp_path, members, capsys):
    number, code = _issued(demo_path)
    _sign(demo_path, tmp_path, members["ana"], dictamen=number)
    _sign(demo_path, tmp_path, members["luis"], dictamen=number)
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TRIGGER document_signatures_append_only_update")
    (pdf,) = conn.execute(
        "SELECT signed_pdf FROM document_signatures WHERE position = 2"
    ).fetchone()
    start = pdf.index(b"stream", pdf.index(b"/Contents"))
    tampered = pdf[: start + 20] + bytes([pdf[start + 20] ^ 0x01]) + pdf[start + 21 :]
    conn.execute("UPDATE document_signatures SET signed_pdf = ? WHERE position = 2", [tampered])
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path), code]) == 1
    out = capsys.readouterr().out
    assert "Firmas digitales NO VÁLIDAS: el PDF firmado guardado con la firma 2 fue alterado" in out
    assert out.strip().endswith("NO VÁLIDO.")
    assert main(["verify", "--db", str(demo_path), "--all"]) == 1
    out = capsys.readouterr().out
    assert f"Dictamen {number} (código {code}): NO VÁLIDO, el PDF firmado guardado" in out
    assert _sign(demo_path, tmp_path, members["luis"], dictamen=number, out="x.pdf") == 2
    assert "fue alterado" in _error_line(capsys)


def test_a_signed_pdf_rewritten_with_its_hash_recomputed_fails_its_signatures(
    demo_path, tmp_path, members, capsys
):
    import hashlib

    number, code = _issued(demo_path)
    _sign(demo_path, tmp_path, members["ana"], dictamen=number)
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP TRIGGER document_signatures_append_only_update")
    (pdf,) = conn.execute("SELECT signed_pdf FROM document_signatures").fetchone()
    start = pdf.index(b"stream", pdf.index(b"/Contents"))
    tampered = pdf[: start + 20] + bytes([pdf[start + 20] ^ 0x01]) + pdf[start + 21 :]
    conn.execute(
        "UPDATE document_signatures SET signed_pdf = ?, pdf_sha256 = ?",
        [tampered, hashlib.sha256(tampered).hexdigest()],
    )
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path), code]) == 1
    out = capsys.readouterr().out
    assert f"la firma 1 ({ANA}) NO es válida" in out
